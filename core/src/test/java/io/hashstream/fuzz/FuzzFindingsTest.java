package io.hashstream.fuzz;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.SafeImageDecoder;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs found by fuzzing, each pinned to the typed refusal it gets since the fix (they also stay in
 * the fuzz targets' regression corpus).
 */
class FuzzFindingsTest {
    private static final String IMAGE_INPUTS = "/io/hashstream/fuzz/ImagePipelineFuzzTestInputs/decodeAndPreprocessOrRefuseWithAReason/";

    /**
     * VP8L chunks declared longer than the file (162 bytes each): before the RIFF chunk check, the first
     * took 53 s to decode and the second held the fuzzer for more than 20 minutes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"slow-unit-6d423fc78f1ab854af8bffed9d3764a25f62a392", "crash-38f1b1a8c5eb5d79e8aaf2bb69b9120cc0bbb5e8"})
    void webpWithAnOverlongLosslessChunkIsTruncated(String input) throws IOException {
        byte[] bytes = resource(IMAGE_INPUTS + input);
        assertThatThrownBy(() -> new SafeImageDecoder().decode(bytes))
                .isInstanceOf(ImageRejectedException.class)
                .extracting(e -> ((ImageRejectedException) e).code()).isEqualTo("image.truncated");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FuzzFindingsTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
