package io.hashstream.jobs.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This JVM's resource use over a window: CPU (process CPU time over wall time, as a share of all
 * cores), peak and last heap in use, and peak resident set size (VmRSS of /proc/self/status, which
 * includes TensorFlow's and Kafka's native memory). Sampled every 100 ms; RSS and heap are also kept
 * once a second as a {@link MemoryTimeline}.
 */
final class ProcessSampler implements UsageWindow, AutoCloseable {

    /**
     * @param cpuShare process CPU time / (wall time × cores), 0..1
     * @param threads the same CPU by thread group, busiest first
     * @param memory RSS and heap in use over the window, one point a second
     */
    record Usage(double cpuShare, double cpuCores, long peakHeapBytes, long endHeapBytes, long peakRssBytes, long endRssBytes,
                 List<ThreadCpu.Group> threads, MemoryTimeline memory) {
    }

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "perf-process-sampler");
        t.setDaemon(true);
        return t;
    });
    private final long pid = ProcessHandle.current().pid();
    private final Map<Long, ThreadCpu.Sample> startThreads = ThreadCpu.snapshot(pid);
    private final long startCpu = os.getProcessCpuTime();
    private final long startWall = System.nanoTime();
    private final MemoryTimeline timeline = new MemoryTimeline(startWall, TimeUnit.SECONDS.toNanos(1));
    private volatile long peakHeap;
    private volatile long peakRss;

    ProcessSampler() {
        timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        long heap = memory.getHeapMemoryUsage().getUsed();
        long rss = rssBytes();
        peakHeap = Math.max(peakHeap, heap);
        peakRss = Math.max(peakRss, rss);
        timeline.offer(System.nanoTime(), rss, heap);
    }

    @Override
    public Usage stop() {
        timer.shutdownNow();
        long cpu = os.getProcessCpuTime() - startCpu;
        long wall = System.nanoTime() - startWall;
        List<ThreadCpu.Group> threads = ThreadCpu.between(pid, startThreads, ThreadCpu.snapshot(pid), wall / 1e9);
        int cores = Runtime.getRuntime().availableProcessors();
        double coresUsed = (double) cpu / wall;
        sample();
        return new Usage(coresUsed / cores, coresUsed, peakHeap, memory.getHeapMemoryUsage().getUsed(), peakRss, rssBytes(), threads,
                timeline);
    }

    /** VmRSS of this process in bytes (0 where /proc is missing). */
    static long rssBytes() {
        return ProcFiles.rssBytes(ProcessHandle.current().pid());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
