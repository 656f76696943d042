package io.hashstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.model.ModelCard;

class CalibratedRadiusTest {
    @TempDir
    Path dir;

    private JobConfig configWithCard(Map<String, Double> metrics) {
        new ModelCard(ModelCard.FORMAT_VERSION, "hashnet", "thumbnail-cnn", 128,
                new ModelInput(64, 64, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION), "clip art", 42, 100,
                metrics, "abc", null, "sha256-1", null).write(dir);
        return JobConfig.defaults().with(Map.of(JobConfig.MODEL_DIR, dir.toString()));
    }

    @Test
    void theCardsCalibratedRadiusReplacesTheDefault() {
        CalibratedRadius.Choice c = CalibratedRadius.apply(configWithCard(Map.of(ModelCard.CALIBRATED_RADIUS_METRIC, 17.0)), false);
        assertThat(c.config().radius()).isEqualTo(17);
        assertThat(c.source()).isEqualTo(CalibratedRadius.Source.MODEL_CARD);
    }

    @Test
    void anExplicitRadiusWins() {
        JobConfig given = configWithCard(Map.of(ModelCard.CALIBRATED_RADIUS_METRIC, 17.0)).with(Map.of(JobConfig.RADIUS, "3"));
        CalibratedRadius.Choice c = CalibratedRadius.apply(given, true);
        assertThat(c.config().radius()).isEqualTo(3);
        assertThat(c.source()).isEqualTo(CalibratedRadius.Source.EXPLICIT);
    }

    @Test
    void withoutACalibratedRadiusOrACardTheDefaultStays() {
        assertThat(CalibratedRadius.apply(configWithCard(Map.of("map@1000", 0.9)), false))
                .isEqualTo(new CalibratedRadius.Choice(configWithCard(Map.of("map@1000", 0.9)), CalibratedRadius.Source.DEFAULT));
        JobConfig missing = JobConfig.defaults().with(Map.of(JobConfig.MODEL_DIR, dir.resolve("absent").toString()));
        CalibratedRadius.Choice c = CalibratedRadius.apply(missing, false);
        assertThat(c.config().radius()).isEqualTo(JobConfig.defaults().radius());
        assertThat(c.source()).isEqualTo(CalibratedRadius.Source.DEFAULT);
    }
}
