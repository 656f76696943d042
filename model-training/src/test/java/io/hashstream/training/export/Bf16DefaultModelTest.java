package io.hashstream.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ImagePipeline;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.EncoderPrecision;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import io.hashstream.training.augment.TestPictures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code models/default} asked to run in bfloat16: on a CPU with bfloat16 instructions the oneDNN rewrite
 * really runs (some codes change) and changes codes by a few bits at most; on a CPU without them the
 * encoder says float32 and gives float32's codes.
 */
class Bf16DefaultModelTest {
    private static final Path DIR = Path.of("..", "models", "default");

    @Test
    void bfloat16CodesStayWithinAFewBitsOfFloat32OrAreFloat32WhereTheCpuLacksIt() {
        int n = 256;
        TfThreads threads = new TfThreads(1, 1);
        try (SavedModelEncoder fp32 = SavedModelEncoder.load(DIR, threads, DevicePreference.CPU, EncoderPrecision.FP32);
             SavedModelEncoder bf16 = SavedModelEncoder.load(DIR, threads, DevicePreference.CPU, EncoderPrecision.BF16)) {
            ImagePipeline pipeline = new ImagePipeline(fp32.input());
            int per = fp32.input().floatsPerImage();
            float[] batch = new float[n * per];
            for (int i = 0; i < n; i++) {
                pipeline.toModelInput(TestPictures.picture(4_000 + i, 200, 150), batch, i * per);
            }
            BinaryCode[] exact = fp32.encode(batch, n);
            BinaryCode[] reduced = bf16.encode(batch, n);
            int differ = 0;
            int worst = 0;
            for (int i = 0; i < n; i++) {
                int d = exact[i].distance(reduced[i]);
                differ += d > 0 ? 1 : 0;
                worst = Math.max(worst, d);
            }
            if (EncoderPrecision.cpuHasBf16()) {
                assertThat(bf16.precision()).isEqualTo(EncoderPrecision.BF16);
                assertThat(differ).as("codes changed by the bfloat16 rewrite (none: it did not run)").isPositive();
                assertThat(differ).as("codes changed, of %d", n).isLessThan(n / 4);
                assertThat(worst).as("most bits one code changed, of 128").isLessThanOrEqualTo(6);
            } else {
                assertThat(bf16.precision()).isEqualTo(EncoderPrecision.FP32);
                assertThat(differ).isZero();
            }
        }
    }
}
