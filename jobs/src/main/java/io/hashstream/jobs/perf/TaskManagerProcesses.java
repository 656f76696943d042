package io.hashstream.jobs.perf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The Flink TaskManager JVMs running on this machine: their CPU and RSS from /proc, and JFR through jcmd. */
final class TaskManagerProcesses {

    private TaskManagerProcesses() {}

    /**
     * Pids of the processes whose command line runs Flink's TaskManager main class. Read from
     * /proc/PID/cmdline: {@code ProcessHandle.Info.arguments()} comes back empty for these JVMs (their
     * classpath makes the command line too long for it).
     */
    static List<Long> pids() {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid)
                .filter(pid -> commandLine(pid).contains(ClusterTarget.TASK_MANAGER_MAIN)).sorted().toList();
    }

    private static List<String> commandLine(long pid) {
        try {
            return List.of(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of(); // gone, or not ours to read
        }
    }

    /**
     * CPU (summed over the processes), peak and last heap (summed, from REST) and RSS (summed), sampled
     * every 500 ms; RSS and heap also once a second as a {@link MemoryTimeline}.
     */
    static final class Usage implements UsageWindow {
        /** Linux's USER_HZ, the unit of /proc/PID/stat times, on every architecture Flink runs on. */
        private static final double TICKS_PER_SECOND = 100;

        private final List<Long> pids;
        private final URI rest;
        private final HttpClient http = HttpClient.newHttpClient();
        private final long[] startTicks;
        private final List<Map<Long, ThreadCpu.Sample>> startThreads;
        private final long startWall = System.nanoTime();
        private final MemoryTimeline timeline = new MemoryTimeline(startWall, TimeUnit.SECONDS.toNanos(1));
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perf-taskmanager-sampler");
            t.setDaemon(true);
            return t;
        });
        private volatile long peakHeap;
        private volatile long lastHeap;
        private volatile long peakRss;

        Usage(List<Long> pids, URI rest) {
            this.pids = pids;
            this.rest = rest;
            startTicks = pids.stream().mapToLong(ProcFiles::cpuTicks).toArray();
            startThreads = pids.stream().map(ThreadCpu::snapshot).toList();
            timer.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            long rss = pids.stream().mapToLong(ProcFiles::rssBytes).sum();
            peakRss = Math.max(peakRss, rss);
            try {
                lastHeap = heapBytes();
                peakHeap = Math.max(peakHeap, lastHeap);
            } catch (RuntimeException e) {
                // a missed sample; the next one counts
            }
            timeline.offer(System.nanoTime(), rss, lastHeap);
        }

        /** Heap in use, summed over the cluster's TaskManagers (their Status.JVM.Memory.Heap.Used metric). */
        private long heapBytes() {
            long sum = 0;
            for (JsonNode tm : RestMetrics.get(http, rest, "/taskmanagers").path("taskmanagers")) {
                String id = URLEncoder.encode(tm.path("id").asText(), StandardCharsets.UTF_8);
                for (JsonNode m : RestMetrics.get(http, rest, "/taskmanagers/" + id + "/metrics?get=Status.JVM.Memory.Heap.Used")) {
                    sum += (long) m.path("value").asDouble();
                }
            }
            return sum;
        }

        @Override
        public ProcessSampler.Usage stop() {
            timer.shutdownNow();
            double wallSeconds = (System.nanoTime() - startWall) / 1e9;
            double cpuSeconds = 0;
            for (int i = 0; i < pids.size(); i++) {
                long now = ProcFiles.cpuTicks(pids.get(i));
                if (now >= 0 && startTicks[i] >= 0) {
                    cpuSeconds += (now - startTicks[i]) / TICKS_PER_SECOND;
                }
            }
            double cores = cpuSeconds / wallSeconds;
            long rss = pids.stream().mapToLong(ProcFiles::rssBytes).sum();
            List<ThreadCpu.Group> threads = new ArrayList<>();
            for (int i = 0; i < pids.size(); i++) {
                threads.addAll(ThreadCpu.between(pids.get(i), startThreads.get(i), ThreadCpu.snapshot(pids.get(i)), wallSeconds));
            }
            return new ProcessSampler.Usage(cores / Runtime.getRuntime().availableProcessors(), cores, peakHeap, lastHeap,
                    Math.max(peakRss, rss), rss, ThreadCpu.merged(threads), timeline);
        }
    }

    /** A JFR recording in every TaskManager (jcmd JFR.start with the 'profile' settings: 10 ms execution samples). */
    static final class Jfr implements ProfileWindow {
        private static final String NAME = "hashstream-perf";

        private final List<Long> pids;
        private final Path file;

        Jfr(List<Long> pids, Path file) {
            this.pids = pids;
            this.file = file;
            for (long pid : pids) {
                jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
            }
        }

        @Override
        public StageProfile.Summary stop() {
            List<StageProfile.Summary> parts = new ArrayList<>();
            String base = file.getFileName().toString().replaceAll("\\.jfr$", "");
            for (long pid : pids) {
                Path f = file.resolveSibling(base + "-tm" + pid + ".jfr").toAbsolutePath();
                jcmd(pid, "JFR.stop", "name=" + NAME, "filename=" + f);
                try {
                    parts.add(StageProfile.summarize(f));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + f, e);
                }
            }
            return StageProfile.merge(parts, file.resolveSibling(base + "-tm*.jfr"));
        }

        private static void jcmd(long pid, String... command) {
            Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
            Path jcmd = java.resolveSibling("jcmd");
            List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
            cmd.addAll(List.of(command));
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + jcmd, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
