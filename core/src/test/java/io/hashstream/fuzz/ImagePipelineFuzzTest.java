package io.hashstream.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hashstream.image.DecodeLimits;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;

/**
 * Coverage-guided fuzzing of the image path the job runs on every inline image: sniff, structural
 * checks, header, decode with subsampling, EXIF orientation, preprocessing to the model input. Any
 * bytes end in a typed {@link ImageRejectedException} or a model input of the right size whose values
 * lie in the normalization's range. The seed corpus holds small JPEG (baseline, progressive, CMYK,
 * EXIF-rotated, and two whose size shrinks to the input by an integer box, so that libjpeg-turbo's
 * box sums are fuzzed too), PNG (8/16-bit, palette, alpha), GIF (animated) and WebP files; the pixel limit is
 * lowered so that the fuzzer's dimension edits are refused cheaply instead of decoding huge images.
 */
class ImagePipelineFuzzTest {
    private static final ImagePipeline PIPELINE = new ImagePipeline(
            new ModelInput(16, 16, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION),
            DecodeLimits.defaults().withMaxBytes(1 << 20).withMaxPixels(1 << 20));

    @FuzzTest(maxDuration = "10s")
    void decodeAndPreprocessOrRefuseWithAReason(byte[] bytes) {
        float[] input;
        try {
            input = PIPELINE.toModelInput(bytes);
        } catch (ImageRejectedException e) {
            FuzzAssertions.assertTyped(e.code(), "image.");
            return;
        }
        assertThat(input).hasSize(PIPELINE.input().floatsPerImage());
        for (float v : input) {
            if (!(v >= 0f && v <= 1f)) {
                throw new AssertionError("model input value out of [0, 1]: " + v);
            }
        }
    }
}
