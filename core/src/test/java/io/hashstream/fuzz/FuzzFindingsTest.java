package io.hashstream.fuzz;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.SafeImageDecoder;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Inputs found by fuzzing, each pinned to the typed refusal it gets since the fix (they also stay in
 * the fuzz targets' regression corpus).
 */
class FuzzFindingsTest {
    private static final String IMAGE_INPUTS = "/io/hashstream/fuzz/ImagePipelineFuzzTestInputs/decodeAndPreprocessOrRefuseWithAReason/";

    /** A VP8L chunk declared longer than the file: decoded for about a minute before the RIFF chunk check. */
    @Test
    void webpWithAnOverlongLosslessChunkIsTruncated() throws IOException {
        byte[] bytes = resource(IMAGE_INPUTS + "slow-unit-6d423fc78f1ab854af8bffed9d3764a25f62a392");
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
