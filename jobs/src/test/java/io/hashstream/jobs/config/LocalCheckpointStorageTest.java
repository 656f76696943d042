package io.hashstream.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.junit.jupiter.api.Test;

/** Local runs get a checkpoint directory (not the JobManager's 5 MB-capped heap); clusters and explicit settings keep theirs. */
class LocalCheckpointStorageTest {

    @Test
    void aLocalRunWithoutADirectoryGetsAFreshOne() throws Exception {
        for (Configuration flink : new Configuration[] {new Configuration(), target("local")}) {
            Optional<Path> dir = LocalCheckpointStorage.ensure(flink, "hashstream-test-checkpoints-");
            assertThat(dir).isPresent();
            assertThat(Files.isDirectory(dir.get())).isTrue();
            assertThat(Path.of(URI.create(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)))).isEqualTo(dir.get());
            Files.delete(dir.get());
        }
    }

    @Test
    void explicitSettingsAndClustersAreLeftAlone() {
        Configuration explicitDir = new Configuration();
        explicitDir.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "s3://bucket/checkpoints");
        Configuration explicitStorage = new Configuration();
        explicitStorage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "jobmanager");
        for (Configuration flink : new Configuration[] {explicitDir, explicitStorage, target("remote"),
                target("kubernetes-application")}) {
            Configuration before = flink.clone();
            assertThat(LocalCheckpointStorage.ensure(flink, "hashstream-test-checkpoints-")).isEmpty();
            assertThat(flink).isEqualTo(before);
        }
    }

    @Test
    void theEnvironmentDecidesAndTheJobsConfigurationReceives() throws Exception {
        Configuration jobs = new Configuration();
        assertThat(LocalCheckpointStorage.ensure(target("remote"), jobs, "hashstream-test-checkpoints-")).isEmpty();
        assertThat(jobs.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEmpty();
        Optional<Path> dir = LocalCheckpointStorage.ensure(new Configuration(), jobs, "hashstream-test-checkpoints-");
        assertThat(jobs.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).contains(dir.orElseThrow().toUri().toString());
        Files.delete(dir.get());
    }

    private static Configuration target(String target) {
        Configuration c = new Configuration();
        c.set(DeploymentOptions.TARGET, target);
        return c;
    }
}
