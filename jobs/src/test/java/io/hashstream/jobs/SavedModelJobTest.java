package io.hashstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.event.MatchResult;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.pipeline.SavedModelEncoderFactory;
import io.hashstream.model.EncoderPrecision;
import io.hashstream.jobs.serde.RawRecordSerializer;
import io.hashstream.model.SharedEncoders;
import io.hashstream.model.TfThreads;
import io.hashstream.model.TinyModels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with a real TensorFlow SavedModel: two encode subtasks in one TaskManager JVM share one
 * loaded model (leases), which is closed when the job ends; results equal the brute-force oracle
 * over the same model's codes.
 */
@Timeout(300)
class SavedModelJobTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void theFactoryShipsItsPrecisionToTheTaskManagerAndLeasesThatSession(@TempDir Path tmp) throws Exception {
        ModelInput input = new ModelInput(16, 16, 3, ModelInput.Normalization.MINUS_ONE_ONE, Preprocessor.VERSION);
        Path dir = tmp.resolve("model");
        TinyModels.gaussianProjection(dir, input, 64, 5);
        // Flink ships the factory inside the job graph with Java serialization.
        SavedModelEncoderFactory shipped = InstantiationUtil.clone(SavedModelEncoderFactory.of(dir, EncoderPrecision.BF16));
        try (var lease = (SharedEncoders.Lease) shipped.open(new TfThreads(1, 1))) {
            assertThat(SharedEncoders.jvmWide().users(dir, EncoderPrecision.BF16)).isEqualTo(1);
            assertThat(SharedEncoders.jvmWide().users(dir)).as("no float32 session").isZero();
            assertThat(lease.encoder().precision())
                    .isEqualTo(EncoderPrecision.cpuHasBf16() ? EncoderPrecision.BF16 : EncoderPrecision.FP32);
        }
        assertThat(SharedEncoders.jvmWide().users(dir, EncoderPrecision.BF16)).isZero();
    }

    @Test
    void runsOnASharedSavedModelAndReleasesIt(@TempDir Path tmp) throws Exception {
        ModelInput input = new ModelInput(16, 16, 3, ModelInput.Normalization.MINUS_ONE_ONE, Preprocessor.VERSION);
        Path dir = tmp.resolve("model");
        TinyModels.gaussianProjection(dir, input, 64, 5);

        Random rnd = new Random(23);
        InputEventJson json = InputEventJson.withDefaults();
        List<NearDuplicateJobTest.Image> images = new ArrayList<>();
        List<RawRecord> records = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            BufferedImage base = NearDuplicateJobTest.blocks(rnd);
            images.add(new NearDuplicateJobTest.Image("b" + s, "default", 100L * s, NearDuplicateJobTest.png(base)));
            images.add(new NearDuplicateJobTest.Image("b" + s + "-copy", "default", 100L * s + 50,
                    NearDuplicateJobTest.png(NearDuplicateJobTest.brighten(base, 4))));
        }
        for (NearDuplicateJobTest.Image i : images) {
            records.add(NearDuplicateJobTest.record(records.size(),
                    json.write(ImageEvent.inline(i.id(), i.tenant(), i.time(), i.bytes(), Map.of())), i.time()));
        }

        JobConfig config = JobConfig.defaults().with(Map.of(JobConfig.RADIUS, "10", JobConfig.PARALLELISM, "2",
                JobConfig.MODEL_DIR, dir.toString(), JobConfig.IDLE_TIMEOUT_MS, "0", JobConfig.BATCH_SIZE, "5"));
        CollectingSink<MatchResult> results = new CollectingSink<>("saved-model-results");
        CollectingSink<DeadLetter> dead = new CollectingSink<>("saved-model-dead");
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(
                index -> records.get(index.intValue()), records.size(), RawRecordSerializer.TYPE);

        new NearDuplicateJob(config, source, results, dead).execute(NearDuplicateJob.environment(config));

        assertThat(SharedEncoders.jvmWide().users(dir)).as("every lease closed").isZero();
        assertThat(dead.values()).isEmpty();
        Map<String, MatchResult> expected;
        try (var lease = SavedModelEncoderFactory.of(dir).open(TfThreads.wholeMachine())) {
            expected = NearDuplicateJobTest.oracle(images, Map.of(), lease, 10);
        }
        Map<String, MatchResult> got = results.values().stream()
                .collect(Collectors.toMap(r -> r.tenant() + "/" + r.id(), r -> r));
        assertThat(got).isEqualTo(expected);
        assertThat(got.values()).allSatisfy(r -> assertThat(r.modelId()).isEqualTo(
                io.hashstream.model.ModelCard.read(dir).modelId()));
    }
}
