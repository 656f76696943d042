package io.hashstream.perceptual;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.TestImages;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DHasherTest {

    private final DHasher dhash = new DHasher();

    @Test
    void bitsCompareHorizontalNeighbours() {
        // Brightness rising left to right: every "right is brighter" bit is set.
        BufferedImage ramp = new BufferedImage(90, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 90; x++) {
                ramp.getRaster().setSample(x, y, 0, x * 2);
            }
        }
        PerceptualHash h = dhash.hash(ramp);
        assertThat(h.code().bits()).isEqualTo(64);
        assertThat(h.code().word(0)).isEqualTo(-1L);
        assertThat(h.hasQuality()).isFalse();
        // Falling: no bit set.
        BufferedImage falling = new BufferedImage(90, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 90; x++) {
                falling.getRaster().setSample(x, y, 0, 200 - x * 2);
            }
        }
        assertThat(dhash.hash(falling).code().word(0)).isZero();
    }

    @Test
    void reEncodingAndResizingKeepTheHashWithinTheThreshold() throws Exception {
        for (long seed = 10; seed < 14; seed++) {
            BufferedImage original = TestImages.shapes(seed, 640, 480);
            PerceptualHash h = dhash.hash(TestImages.encode(original, "png"));
            for (byte[] edit : List.of(TestImages.jpeg(original, 0.7f, false),
                    TestImages.jpeg(PdqHasherTest.resize(original, 320, 240), 0.8f, false),
                    TestImages.encode(PdqHasherTest.resize(original, 900, 675), "png"))) {
                assertThat(h.distance(dhash.hash(edit))).as("seed %d", seed).isLessThanOrEqualTo(DHasher.MATCH_THRESHOLD);
            }
        }
    }

    @Test
    void distinctPicturesAreFarApartOnAverage() {
        List<PerceptualHash> hashes = new ArrayList<>();
        for (long seed = 100; seed < 130; seed++) {
            hashes.add(dhash.hash(TestImages.shapes(seed, 320, 240)));
        }
        long sum = 0;
        int pairs = 0;
        int above = 0;
        for (int i = 0; i < hashes.size(); i++) {
            for (int j = i + 1; j < hashes.size(); j++) {
                int d = hashes.get(i).distance(hashes.get(j));
                sum += d;
                pairs++;
                if (d > DHasher.MATCH_THRESHOLD) {
                    above++;
                }
            }
        }
        assertThat((double) sum / pairs).isGreaterThan(20.0);
        assertThat(above).as("pairs beyond the threshold, of %d", pairs).isGreaterThanOrEqualTo(pairs * 95 / 100);
    }
}
