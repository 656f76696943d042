package io.hashstream.deploy.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The three failures of the cluster failure tests, in order, while a {@link PacedProducer} feeds the
 * job: SIGKILL of the TaskManager running the last vertex's first subtask (plus a replacement), a
 * broker process restart, and a stop with savepoint resumed at another parallelism. Returns the
 * resumed job and the measured recovery times (printed by the tests, never asserted).
 */
final class FailureDrill {

    /** Submits the job at a parallelism, optionally from a savepoint, and returns its id. */
    interface Submitter {
        String submit(int parallelism, Optional<String> savepoint);
    }

    record Outcome(JobWatch resumed, Map<String, String> recoveryTimes) {}

    private FailureDrill() {}

    static Outcome run(LocalFlinkCluster cluster, KafkaBrokerProcess broker, FlinkCli cli, JobWatch job,
            PacedProducer producer, Submitter submitter, int resumedParallelism, Map<String, String> times) throws Exception {
        int total = producer.total();

        producer.awaitSent(total / 5);
        job.awaitCheckpointAfter(Instant.now(), Duration.ofMinutes(2));
        String victim = job.taskManagerOfLastVertex();
        Instant killed = Instant.now();
        cluster.taskManager(victim).kill9();
        // The job recovers on the remaining slots while the replacement JVM starts.
        CompletableFuture<Instant> replaced = CompletableFuture.supplyAsync(() -> {
            cluster.startTaskManager();
            return Instant.now();
        });
        Instant recovered = job.awaitCheckpointAfter(killed, Duration.ofMinutes(3));
        times.put("TaskManager kill -9: first checkpoint completed after the kill", seconds(killed, recovered));
        times.put("TaskManager kill -9: replacement registered", seconds(killed, replaced.get(3, TimeUnit.MINUTES)));

        producer.awaitSent(total * 9 / 20);
        producer.pauseSending(); // nothing of the input in flight across the restart: see PacedProducer
        Instant brokerDown = Instant.now();
        Instant brokerUp = brokerDown.plus(broker.restart());
        producer.resumeSending();
        Instant afterBroker = job.awaitCheckpointAfter(brokerUp, Duration.ofMinutes(3));
        times.put("broker restart: process stopped and ready again", seconds(brokerDown, brokerUp));
        times.put("broker restart: first checkpoint completed after the broker was back", seconds(brokerUp, afterBroker));

        producer.awaitSent(total * 7 / 10);
        Instant stopping = Instant.now();
        String savepoint = cli.stopWithSavepoint(job.jobId());
        Instant stopped = Instant.now();
        JobWatch resumed = new JobWatch(cluster, submitter.submit(resumedParallelism, Optional.of(savepoint)));
        Instant running = resumed.awaitFullyRunning(Duration.ofMinutes(2));
        Instant firstCheckpoint = resumed.awaitCheckpointAfter(running, Duration.ofMinutes(2));
        times.put("stop with savepoint", seconds(stopping, stopped));
        times.put("resume at parallelism " + resumedParallelism + ": all subtasks running after the stop", seconds(stopped, running));
        times.put("resume at parallelism " + resumedParallelism + ": first checkpoint completed", seconds(stopped, firstCheckpoint));
        return new Outcome(resumed, times);
    }

    static Map<String, String> newTimes() {
        return new LinkedHashMap<>();
    }

    private static String seconds(Instant from, Instant to) {
        return String.format("%.1f s", Duration.between(from, to).toMillis() / 1000.0);
    }
}
