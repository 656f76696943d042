package io.hashstream.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import io.hashstream.fetch.UriLoaderConfig;
import io.hashstream.jobs.NearDuplicateJob;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import io.hashstream.image.JpegDecode;
import io.hashstream.model.EncoderPrecision;
import org.junit.jupiter.api.Test;

class JobConfigTest {

    @Test
    void mapRoundTripKeepsEverySetting() {
        JobConfig c = JobConfig.fromMap(Map.of(
                JobConfig.RADIUS, "9", JobConfig.SUBSTRINGS, "5", JobConfig.STATE_BACKEND, "rocksdb",
                JobConfig.INPUT_FORMAT, "RAW", JobConfig.PARALLELISM, "4", JobConfig.MODEL_DIR, "/m"));
        assertThat(c.radius()).isEqualTo(9);
        assertThat(c.substrings()).isEqualTo(5);
        assertThat(c.stateBackend()).isEqualTo(StateBackendKind.ROCKSDB);
        assertThat(c.inputFormat()).isEqualTo(InputFormat.RAW);
        assertThat(JobConfig.fromMap(c.toMap())).isEqualTo(c);
        assertThat(c.toMap().keySet()).containsExactlyElementsOf(JobConfig.KEYS);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        JobConfig d = JobConfig.defaults();
        assertThat(d.outOfOrdernessMillis()).isEqualTo(200L);
        assertThat(d.stateBackend()).isEqualTo(StateBackendKind.HEAP);
        assertThat(d.checkpointIntervalMillis()).isPositive();
        assertThat(JobConfig.fromMap(Map.of())).isEqualTo(d);
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("radus", "3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radus");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.BATCH_SIZE, "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JobConfig.BATCH_SIZE);
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.BATCH_SIZE, "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JobConfig.BATCH_SIZE);
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.STATE_BACKEND, "memory")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JobConfig.STATE_BACKEND);
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.RESULTS_TOPIC, " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JobConfig.RESULTS_TOPIC);
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.IMAGES_TOPIC, "my images")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a Kafka topic name");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.DEAD_LETTERS_TOPIC, "x".repeat(250))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a Kafka topic name");
    }

    @Test
    void outputIntoTheImagesTopicIsRefusedSinceTheJobWouldReadItBack() {
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.DEAD_LETTERS_TOPIC, "images")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read its own output back");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.RESULTS_TOPIC, "images")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read its own output back");
        // results and dead letters in one topic: the two sinks have their own transactional ids
        assertThat(JobConfig.fromMap(Map.of(JobConfig.RESULTS_TOPIC, "out", JobConfig.DEAD_LETTERS_TOPIC, "out")).resultsTopic())
                .isEqualTo("out");
    }

    @Test
    void encodeOverlapIsOnByDefaultAndTakesOnlyTrueOrFalse() {
        assertThat(JobConfig.defaults().encodeOverlap()).isTrue();
        JobConfig off = JobConfig.fromMap(Map.of(JobConfig.ENCODE_OVERLAP, "FALSE"));
        assertThat(off.encodeOverlap()).isFalse();
        assertThat(JobConfig.fromMap(off.toMap())).isEqualTo(off);
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.ENCODE_OVERLAP, "no")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JobConfig.ENCODE_OVERLAP);
    }

    @Test
    void theEncoderRunsInFloat32UnlessBfloat16IsAskedFor() {
        assertThat(JobConfig.defaults().encoderPrecision()).isEqualTo(EncoderPrecision.FP32);
        JobConfig c = JobConfig.fromMap(Map.of(JobConfig.ENCODER_PRECISION, "BF16"));
        assertThat(c.encoderPrecision()).isEqualTo(EncoderPrecision.BF16);
        assertThat(c.toMap()).containsEntry(JobConfig.ENCODER_PRECISION, "bf16");
        assertThat(JobConfig.fromMap(c.toMap())).isEqualTo(c);
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.ENCODER_PRECISION, "int8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JobConfig.ENCODER_PRECISION);
    }

    @Test
    void jpegsAreDecodedExactlyUnlessDctScalingIsAskedFor() {
        assertThat(JobConfig.defaults().jpegDecode()).isEqualTo(JpegDecode.EXACT);
        JobConfig c = JobConfig.fromMap(Map.of(JobConfig.JPEG_DECODE, "dct-scaled"));
        assertThat(c.jpegDecode()).isEqualTo(JpegDecode.DCT_SCALED);
        assertThat(c.toMap()).containsEntry(JobConfig.JPEG_DECODE, "dct-scaled");
        assertThat(JobConfig.fromMap(c.toMap())).isEqualTo(c);
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.JPEG_DECODE, "fast")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JobConfig.JPEG_DECODE);
    }

    @Test
    void thePackedShardLayoutNeedsHeapStateAndAShardCountInRange() {
        JobConfig c = JobConfig.fromMap(Map.of(JobConfig.INDEX_LAYOUT, "shards", JobConfig.INDEX_SHARDS, "8"));
        assertThat(c.indexLayout()).isEqualTo(IndexLayout.SHARDS);
        assertThat(c.indexShards()).isEqualTo(8);
        assertThat(JobConfig.fromMap(c.toMap())).isEqualTo(c);
        assertThatThrownBy(() -> c.with(Map.of(JobConfig.STATE_BACKEND, "rocksdb")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JobConfig.INDEX_LAYOUT)
                .hasMessageContaining("heap");
        assertThatThrownBy(() -> c.with(Map.of(JobConfig.INDEX_SHARDS, "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(JobConfig.INDEX_SHARDS);
        JobConfig auto = JobConfig.defaults();
        assertThat(auto.indexLayout()).isEqualTo(IndexLayout.AUTO);
        assertThat(auto.effectiveIndexLayout()).isEqualTo(IndexLayout.SHARDS);
        assertThat(auto.with(Map.of(JobConfig.STATE_BACKEND, "rocksdb")).effectiveIndexLayout())
                .isEqualTo(IndexLayout.BUCKETS);
    }

    @Test
    void carriesTheUriLoaderSettingsWhichDenyEverythingByDefault() {
        assertThat(UriLoaderConfig.denyAll().with(JobConfig.defaults().uriLoader())).isEqualTo(UriLoaderConfig.denyAll());
        JobConfig c = JobConfig.fromMap(Map.of(UriLoaderConfig.SCHEMES, "file", UriLoaderConfig.ROOTS, "/data/images"));
        UriLoaderConfig uri = UriLoaderConfig.denyAll().with(c.uriLoader());
        assertThat(uri.allowedSchemes()).containsExactly("file");
        assertThat(JobConfig.fromMap(c.toMap())).isEqualTo(c);
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(UriLoaderConfig.SCHEMES, "gopher")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gopher");
    }

    @Test
    void readsPrefixedKeysFromAFlinkConfiguration() {
        Configuration flink = new Configuration();
        flink.setString("hashstream.radius", "3");
        flink.setString("hashstream.batch-size", "128");
        flink.setString("taskmanager.numberOfTaskSlots", "2");
        JobConfig c = JobConfig.fromFlinkConfiguration(flink);
        assertThat(c.radius()).isEqualTo(3);
        assertThat(c.batchSize()).isEqualTo(128);
        flink.setString("hashstream.raduis", "2");
        assertThatThrownBy(() -> JobConfig.fromFlinkConfiguration(flink)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown job setting 'hashstream.raduis'");
    }

    @Test
    void impliesFlinkSettings() {
        Configuration f = JobConfig.fromMap(Map.of(JobConfig.STATE_BACKEND, "rocksdb",
                JobConfig.CHECKPOINT_INTERVAL_MS, "2500", JobConfig.PARALLELISM, "3")).toFlinkConfiguration();
        assertThat(f.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(f.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofMillis(2500));
        assertThat(f.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(3);
        assertThat(f.get(PipelineOptions.GENERIC_TYPES)).isFalse();
    }

    @Test
    void latencySettingsReachTheJobsEnvironment() {
        StreamExecutionEnvironment defaults = NearDuplicateJob.environment(JobConfig.defaults());
        assertThat(defaults.getBufferTimeout()).isEqualTo(10L);
        assertThat(defaults.getConfig().getAutoWatermarkInterval()).isEqualTo(200L);

        StreamExecutionEnvironment lowLatency = NearDuplicateJob.environment(JobConfig.fromMap(Map.of(
                JobConfig.WATERMARK_INTERVAL_MS, "20", JobConfig.BUFFER_TIMEOUT_MS, "0")));
        assertThat(lowLatency.getBufferTimeout()).isEqualTo(0L);
        assertThat(lowLatency.getConfig().getAutoWatermarkInterval()).isEqualTo(20L);

        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.WATERMARK_INTERVAL_MS, "0")))
                .hasMessageContaining(JobConfig.WATERMARK_INTERVAL_MS);
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of(JobConfig.BUFFER_TIMEOUT_MS, "-1")))
                .hasMessageContaining(JobConfig.BUFFER_TIMEOUT_MS);
    }
}
