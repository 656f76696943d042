package io.hashstream.jobs.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void groupsThreadsByWhatTheyDo() {
        long pid = 100;
        assertThat(ThreadCpu.groupOf(pid, pid, "java")).isEqualTo(ThreadCpu.MAIN);
        assertThat(ThreadCpu.groupOf(pid, 101, "java")).isEqualTo(ThreadCpu.UNNAMED);
        assertThat(ThreadCpu.groupOf(pid, 108, "tensorflow")).startsWith("TensorFlow");
        assertThat(ThreadCpu.groupOf(pid, 102, "Source: input -")).startsWith("job: source");
        assertThat(ThreadCpu.groupOf(pid, 103, "index-shards (1")).startsWith("job: index shards");
        assertThat(ThreadCpu.groupOf(pid, 104, "data-plane-kafk")).isEqualTo("Kafka broker");
        assertThat(ThreadCpu.groupOf(pid, 105, "kafka-producer-")).startsWith("Kafka producer");
        assertThat(ThreadCpu.groupOf(pid, 106, "C2 CompilerThre")).isEqualTo("JVM: JIT compilers");
        assertThat(ThreadCpu.groupOf(pid, 107, "something else")).isEqualTo("other");
    }

    @Test
    void sumsEachGroupsTicksBetweenSnapshotsAndCountsNewThreadsFromZero() {
        long pid = 1;
        Map<Long, ThreadCpu.Sample> before = Map.of(
                2L, new ThreadCpu.Sample("tensorflow", 100),
                3L, new ThreadCpu.Sample("data-plane-kafk", 50));
        Map<Long, ThreadCpu.Sample> after = Map.of(
                2L, new ThreadCpu.Sample("tensorflow", 250),    // +150
                3L, new ThreadCpu.Sample("data-plane-kafk", 60), // +10
                4L, new ThreadCpu.Sample("tensorflow", 50),      // born in the window: +50
                5L, new ThreadCpu.Sample("kafka-scheduler", 20)); // +20, same group as 3
        List<ThreadCpu.Group> groups = ThreadCpu.between(pid, before, after, 2.0);
        assertThat(groups).extracting(ThreadCpu.Group::name).containsExactly("TensorFlow (native pool threads: the model)", "Kafka broker");
        assertThat(groups.get(0).cores()).isEqualTo(1.0); // 200 ticks = 2 s over 2 s
        assertThat(groups.get(1).cores()).isEqualTo(0.15);
        assertThat(groups.get(1).threads()).containsExactly("kafka-scheduler", "data-plane-kafk");
    }

    @Test
    void mergesTheGroupsOfSeveralProcesses() {
        List<ThreadCpu.Group> merged = ThreadCpu.merged(List.of(
                new ThreadCpu.Group("a", 0.5, List.of("x")),
                new ThreadCpu.Group("b", 0.8, List.of("y")),
                new ThreadCpu.Group("a", 0.5, List.of("z", "x"))));
        assertThat(merged).extracting(ThreadCpu.Group::name).containsExactly("a", "b");
        assertThat(merged.get(0).cores()).isEqualTo(1.0);
        assertThat(merged.get(0).threads()).containsExactly("x", "z");
    }

    @Test
    void seesABusyNamedThreadOfThisProcess() throws Exception {
        long pid = ProcessHandle.current().pid();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Map<Long, ThreadCpu.Sample> before = ThreadCpu.snapshot(pid);
        Thread spinner = new Thread(() -> {
            long until = System.nanoTime() + 300_000_000L;
            long x = 0;
            while (System.nanoTime() < until) {
                x += x * 31 + 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
            done.countDown();
            try {
                measured.await(); // alive for the second snapshot: a thread that has ended is not listed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "perf-spin-test");
        spinner.start();
        done.await();
        Map<Long, ThreadCpu.Sample> after = ThreadCpu.snapshot(pid);
        measured.countDown();
        spinner.join();
        assertThat(after.values()).extracting(ThreadCpu.Sample::name).contains("perf-spin-test");
        List<ThreadCpu.Group> groups = ThreadCpu.between(pid, before, after, 0.3);
        assertThat(groups).anySatisfy(g -> {
            assertThat(g.name()).startsWith("harness");
            assertThat(g.threads()).contains("perf-spin-test");
            assertThat(g.cores()).isGreaterThan(0);
        });
    }
}
