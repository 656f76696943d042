package io.hashstream.jobs.hostile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples this JVM's used heap and resident set size (the MiniCluster runs in-process) every few
 * milliseconds and keeps the peaks: a record that made the job allocate a pixel buffer for a declared
 * 10^10-pixel image would show as a heap peak near the limit or an OutOfMemoryError.
 */
final class ProcessMemorySampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakHeapBytes;
    private volatile long peakRssBytes;

    ProcessMemorySampler(long intervalMillis) {
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        peakHeapBytes = Math.max(peakHeapBytes, memory.getHeapMemoryUsage().getUsed());
        peakRssBytes = Math.max(peakRssBytes, rssBytes());
    }

    /** VmRSS from /proc/self/status; 0 where there is no procfs. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    long peakHeapBytes() {
        return peakHeapBytes;
    }

    long peakRssBytes() {
        return peakRssBytes;
    }

    long maxHeapBytes() {
        return memory.getHeapMemoryUsage().getMax();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        sample();
    }
}
