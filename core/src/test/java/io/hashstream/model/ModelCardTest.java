package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.ModelInput;
import io.hashstream.image.ModelInput.Normalization;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {
    @TempDir
    Path dir;

    private static ModelCard card() {
        return new ModelCard(1, "hashnet", "small-cnn(fc256)", 64, new ModelInput(28, 28, 1, Normalization.ZERO_ONE, 1),
                "fashion-mnist", 42, 1500, Map.of("map@1000", 0.91, "map@all", 0.88), "abc123",
                "2026-11-27T20:00:00Z", "sha256-0123", null);
    }

    @Test
    void roundTripsThroughJson() {
        card().write(dir);
        ModelCard back = ModelCard.read(dir);
        assertThat(back).isEqualTo(card());
        assertThat(back.signature()).isEqualTo(ModelCard.SignatureNames.DEFAULT);
        assertThat(card().toJson()).contains("\"preprocessingVersion\" : 1", "\"normalization\" : \"ZERO_ONE\"",
                "\"key\" : \"encode\"");
    }

    @Test
    void ignoresUnknownFieldsAndRejectsNewerFormats() throws Exception {
        String json = card().toJson();
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), json.replaceFirst("\\{", "{ \"futureField\": 3,"));
        assertThat(ModelCard.read(dir)).isEqualTo(card());
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
        assertThatThrownBy(() -> ModelCard.read(dir)).hasMessageContaining("format 99");
    }

    @Test
    void validatesBitsAndMissingFiles() {
        assertThatThrownBy(() -> new ModelCard(1, "x", null, 12, card().input(), null, 0, 0, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelCard.read(dir.resolve("absent"))).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void calibratedRadiusComesFromTheNearDuplicateMetric() {
        assertThat(card().calibratedRadius()).isEmpty();
        assertThat(card().withMetrics(Map.of(ModelCard.CALIBRATED_RADIUS_METRIC, 9.0)).calibratedRadius()).hasValue(9);
        assertThat(card().withMetrics(Map.of(ModelCard.CALIBRATED_RADIUS_METRIC, -1.0)).calibratedRadius()).isEmpty();
    }
}
