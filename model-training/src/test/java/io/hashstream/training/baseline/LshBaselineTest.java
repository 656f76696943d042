package io.hashstream.training.baseline;

import io.hashstream.code.BinaryCode;
import io.hashstream.training.baseline.linalg.Matrices;
import io.hashstream.training.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LshBaselineTest {

    @Test
    void bitIsTheSignOfTheCentredInputOnASeededGaussianDirection() {
        Dataset data = SyntheticData.clusters(300, 4, 3, 0.1, 1);
        LshBaseline lsh = new LshBaseline(16, 42);
        lsh.fit(data);
        BinaryCode[] codes = lsh.encode(data);

        int d = data.floatsPerImage();
        double[] mean = new double[d];
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += data.images()[i * d + j] / (double) data.size();
            }
        }
        double[][] w = Matrices.gaussian(d, 16, new Random(42));
        for (int i = 0; i < data.size(); i++) {
            for (int k = 0; k < 16; k++) {
                double z = 0;
                for (int j = 0; j < d; j++) {
                    z += (data.images()[i * d + j] - mean[j]) * w[j][k];
                }
                assertThat(codes[i].bit(k)).as("image %d bit %d (z = %f)", i, k, z).isEqualTo(z > 0);
            }
        }
    }

    @Test
    void sameSeedSameCodesOtherSeedOtherCodes() {
        Dataset data = SyntheticData.clusters(200, 4, 3, 0.1, 2);
        LshBaseline a = new LshBaseline(32, 7);
        LshBaseline b = new LshBaseline(32, 7);
        LshBaseline c = new LshBaseline(32, 8);
        a.fit(data);
        b.fit(data);
        c.fit(data);
        assertThat(a.encode(data)).containsExactly(b.encode(data));
        assertThat(a.encode(data)).isNotEqualTo(c.encode(data));
    }

    @Test
    void encodeBeforeFitIsAnError() {
        assertThatThrownBy(() -> new LshBaseline(8, 1).encode(new float[16], 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new LshBaseline(12, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
