package io.hashstream.jobs.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Checkpoints of a job run in this JVM (a MiniCluster: {@code hashstream run} without {@code flink run},
 * the demo, the performance harness) go to a local directory, as a cluster's go to its
 * {@code execution.checkpointing.dir}. Without a directory Flink keeps checkpoints in the JobManager's
 * heap and fails every checkpoint in which one subtask's state is larger than 5 MB. The index shards
 * pass that at roughly a hundred thousand images per subtask (~50 B each in a snapshot), and much sooner
 * while a backlog of events waits in them for the watermark: the performance harness's 14,000-event
 * runs passed 10 MB of checkpoint state and restarted in a loop ("Exceeded checkpoint tolerable failure
 * threshold").
 */
public final class LocalCheckpointStorage {
    private LocalCheckpointStorage() {
    }

    /** {@link #ensure(ReadableConfig, Configuration, String)} for a configuration that is also the environment's. */
    public static Optional<Path> ensure(Configuration flink, String prefix) {
        return ensure(flink, flink, prefix);
    }

    /**
     * Sets {@code execution.checkpointing.dir} in {@code into} to a new temporary directory when the
     * environment's configuration runs locally (no {@code execution.target}, or {@code local}) and names
     * neither a checkpoint directory nor a checkpoint storage; a cluster's target and explicit settings
     * are left alone.
     *
     * @return the directory chosen, empty when nothing was set
     */
    public static Optional<Path> ensure(ReadableConfig environment, Configuration into, String prefix) {
        if (environment.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isPresent()
                || environment.getOptional(CheckpointingOptions.CHECKPOINT_STORAGE).isPresent()) {
            return Optional.empty();
        }
        Optional<String> target = environment.getOptional(DeploymentOptions.TARGET);
        if (target.isPresent() && !target.get().equals("local")) {
            return Optional.empty();
        }
        try {
            Path dir = Files.createTempDirectory(prefix);
            into.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
            return Optional.of(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a local checkpoint directory", e);
        }
    }
}
