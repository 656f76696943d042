package io.hashstream.jobs.perf;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per thread of a process, from /proc/PID/task, grouped by what the threads do. Unlike JFR,
 * it sees native threads too: TensorFlow's pools, which carry the name of the thread that loaded the
 * model ({@code tensorflow}, see {@code SharedEncoders}); and it counts the kernel time of every thread
 * (network, futexes). The names are Linux's, cut to 15 characters.
 */
final class ThreadCpu {
    /** Linux's USER_HZ, the unit of /proc times. */
    private static final double TICKS_PER_SECOND = 100;

    /** Rules in order: the first prefix of a thread's name that matches gives its group. */
    private static final List<Map.Entry<String, String>> RULES = List.of(
            Map.entry("tensorflow", "TensorFlow (native pool threads: the model)"),
            Map.entry("Source: input", "job: source → parse, decode, preprocess → encode call (task threads)"),
            Map.entry("Source Data Fet", "job: Kafka source fetchers"),
            Map.entry("index-shards", "job: index shards (task threads)"),
            Map.entry("gather", "job: gather → results sink (task threads)"),
            Map.entry("dead-letters", "job: dead-letter sink (task threads)"),
            Map.entry("kafka-producer-", "Kafka producer I/O (load generator and the job's sinks)"),
            Map.entry("perf-", "harness (load generator, result consumer, samplers)"),
            Map.entry("data-plane-kafk", "Kafka broker"),
            Map.entry("kafka-", "Kafka broker"),
            Map.entry("broker-", "Kafka broker"),
            Map.entry("controller-", "Kafka broker"),
            Map.entry("ExpirationReape", "Kafka broker"),
            Map.entry("raft-", "Kafka broker"),
            Map.entry("C1 CompilerThre", "JVM: JIT compilers"),
            Map.entry("C2 CompilerThre", "JVM: JIT compilers"),
            Map.entry("GC Thread", "JVM: garbage collection"),
            Map.entry("G1 ", "JVM: garbage collection"),
            Map.entry("Flink Netty", "Flink: network (Netty)"),
            Map.entry("OutputFlusher", "Flink: network (Netty)"),
            Map.entry("flink-", "Flink: runtime (RPC, scheduling)"),
            Map.entry("Time Trigger", "Flink: runtime (RPC, scheduling)"),
            Map.entry("System Time Tri", "Flink: runtime (RPC, scheduling)"),
            Map.entry("AsyncOperations", "Flink: checkpoints (async part)"),
            Map.entry("Checkpoint", "Flink: checkpoints (async part)"),
            Map.entry("jobmanager", "Flink: runtime (RPC, scheduling)"));

    static final String UNNAMED = "unnamed native threads";
    static final String MAIN = "the process's main thread (in the embedded run: the harness's limits and job client)";

    private ThreadCpu() {
    }

    /** One thread at one moment: its name and utime + stime in ticks. */
    record Sample(String name, long ticks) {
    }

    /** A group's CPU over a window, in cores, with its busiest thread names. */
    record Group(String name, double cores, List<String> threads) {
    }

    /** Every live thread of {@code pid} by thread id (empty where /proc is missing). */
    static Map<Long, Sample> snapshot(long pid) {
        Map<Long, Sample> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    long ticks = ProcFiles.ticksOf(Files.readString(task.resolve("stat")));
                    out.put(Long.parseLong(task.getFileName().toString()), new Sample(name, ticks));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading: its time since the last snapshot is lost
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * The group of a thread: by name, with the process's main thread and unnamed native threads (Linux
     * names a native thread after the process, {@code java}, unless its creator had a name) apart.
     */
    static String groupOf(long pid, long tid, String name) {
        if (tid == pid) {
            return MAIN;
        }
        if (name.equals("java")) {
            return UNNAMED;
        }
        for (Map.Entry<String, String> rule : RULES) {
            if (name.startsWith(rule.getKey())) {
                return rule.getValue();
            }
        }
        return "other";
    }

    /**
     * CPU per group between two snapshots of {@code pid}, busiest group first; a thread born in between
     * counts from zero.
     */
    static List<Group> between(long pid, Map<Long, Sample> before, Map<Long, Sample> after, double wallSeconds) {
        Map<String, Long> ticksByGroup = new HashMap<>();
        Map<String, Map<String, Long>> ticksByThreadName = new HashMap<>();
        for (Map.Entry<Long, Sample> e : after.entrySet()) {
            Sample then = before.get(e.getKey());
            long ticks = e.getValue().ticks() - (then != null ? then.ticks() : 0);
            if (ticks <= 0) {
                continue;
            }
            String group = groupOf(pid, e.getKey(), e.getValue().name());
            ticksByGroup.merge(group, ticks, Long::sum);
            ticksByThreadName.computeIfAbsent(group, g -> new LinkedHashMap<>()).merge(e.getValue().name(), ticks, Long::sum);
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : ticksByGroup.entrySet()) {
            List<String> names = ticksByThreadName.get(e.getKey()).entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(3)
                    .map(Map.Entry::getKey)
                    .toList();
            out.add(new Group(e.getKey(), e.getValue() / TICKS_PER_SECOND / wallSeconds, names));
        }
        out.sort(Comparator.comparingDouble(Group::cores).reversed());
        return out;
    }

    /** Groups of several processes (TaskManagers) summed by name, busiest first. */
    static List<Group> merged(List<Group> groups) {
        Map<String, Double> cores = new LinkedHashMap<>();
        Map<String, List<String>> threads = new LinkedHashMap<>();
        for (Group g : groups) {
            cores.merge(g.name(), g.cores(), Double::sum);
            threads.computeIfAbsent(g.name(), n -> new ArrayList<>()).addAll(g.threads());
        }
        List<Group> out = new ArrayList<>();
        cores.forEach((name, c) -> out.add(new Group(name, c, threads.get(name).stream().distinct().limit(3).toList())));
        out.sort(Comparator.comparingDouble(Group::cores).reversed());
        return out;
    }
}
