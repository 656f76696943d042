package io.hashstream.training.augment;

import static io.hashstream.training.augment.TestPictures.meanAbsDiff;
import static io.hashstream.training.augment.TestPictures.picture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AugmentationsTest {
    private static final BufferedImage SRC = picture(7, 160, 120);

    @ParameterizedTest
    @EnumSource(AugmentationFamily.class)
    void everyFamilyIsSeededChangesThePictureAndLeavesTheInputAlone(AugmentationFamily family) {
        BufferedImage before = Images.toRgb(SRC);
        BufferedImage a = family.apply(SRC, new Random(3));
        BufferedImage b = family.apply(SRC, new Random(3));
        assertThat(a.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(pixels(a)).isEqualTo(pixels(b));
        assertThat(pixels(SRC)).isEqualTo(pixels(before));
        boolean changed = a.getWidth() != SRC.getWidth() || a.getHeight() != SRC.getHeight() || meanAbsDiff(a, SRC) > 0.5;
        assertThat(changed).as(family + " changed the picture").isTrue();
    }

    @Test
    void rescaleKeepsSizeAndLosesDetailOnly() {
        BufferedImage out = Rescale.defaults().apply(SRC, new Random(1));
        assertThat(out.getWidth()).isEqualTo(160);
        assertThat(out.getHeight()).isEqualTo(120);
        assertThat(meanAbsDiff(out, SRC)).isBetween(0.1, 12.0);
        assertThatThrownBy(() -> new Rescale(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jpegAtLowQualityIsWorseThanAtHighQuality() {
        double low = meanAbsDiff(new JpegReencode(10, 10).apply(SRC, new Random(1)), SRC);
        double high = meanAbsDiff(new JpegReencode(95, 95).apply(SRC, new Random(1)), SRC);
        assertThat(high).isLessThan(low);
        assertThat(low).isLessThan(20);
    }

    @Test
    void cropRemovesAtMostThirtyPercentAndKeepsSourcePixels() {
        for (int seed = 0; seed < 50; seed++) {
            BufferedImage out = Crop.defaults().apply(SRC, new Random(seed));
            assertThat(out.getWidth()).isBetween(112, 160);
            assertThat(out.getHeight()).isBetween(84, 120);
        }
        BufferedImage out = new Crop(0.0).apply(SRC, new Random(1));
        assertThat(pixels(out)).isEqualTo(pixels(SRC));
    }

    @Test
    void rotationIsSmallAndKeepsTheCanvas() {
        BufferedImage out = Rotate.defaults().apply(SRC, new Random(4));
        assertThat(out.getWidth()).isEqualTo(160);
        assertThat(meanAbsDiff(out, SRC)).isGreaterThan(0.5).isLessThan(60);
        assertThat(pixels(new Rotate(0).apply(SRC, new Random(4)))).isEqualTo(pixels(SRC));
    }

    @Test
    void photometricIsMonotoneInEveryChannel() {
        BufferedImage ramp = new BufferedImage(256, 1, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 256; x++) {
            ramp.setRGB(x, 0, x << 16 | x << 8 | x);
        }
        for (int seed = 0; seed < 20; seed++) {
            BufferedImage out = Photometric.defaults().apply(ramp, new Random(seed));
            for (int x = 1; x < 256; x++) {
                assertThat(out.getRGB(x, 0) & 0xFF).isGreaterThanOrEqualTo(out.getRGB(x - 1, 0) & 0xFF);
            }
        }
    }

    @Test
    void blurKeepsFlatAreasAndSoftensEdges() {
        BufferedImage edge = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 32; x < 64; x++) {
                edge.setRGB(x, y, 0xFFFFFF);
            }
        }
        BufferedImage out = new Blur(3, 3).apply(edge, new Random(1));
        assertThat(out.getRGB(5, 30) & 0xFF).isLessThanOrEqualTo(2);
        assertThat(out.getRGB(58, 30) & 0xFF).isGreaterThanOrEqualTo(250); // ConvolveOp truncates
        assertThat(out.getRGB(32, 30) & 0xFF).isStrictlyBetween(0, 255);
    }

    @Test
    void noiseHasAboutTheAskedDeviation() {
        BufferedImage grey = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                grey.setRGB(x, y, 0x808080);
            }
        }
        double mad = meanAbsDiff(new Noise(20).apply(grey, new Random(2)), grey);
        // mean |N(0, σ)| = 0.8 σ with σ in [5, 20]
        assertThat(mad).isBetween(3.0, 17.0);
    }

    @Test
    void overlaysChangeOnlyPartOfThePicture() {
        for (Augmentation a : new Augmentation[] {new TextOverlay(), new LogoWatermark()}) {
            BufferedImage out = a.apply(SRC, new Random(5));
            int changed = 0;
            for (int y = 0; y < 120; y++) {
                for (int x = 0; x < 160; x++) {
                    changed += out.getRGB(x, y) != SRC.getRGB(x, y) ? 1 : 0;
                }
            }
            assertThat(changed).as(a.name()).isPositive().isLessThan(160 * 120 / 3);
        }
    }

    @Test
    void paddingPutsThePictureIntactOnALargerCanvas() {
        BufferedImage out = Padding.defaults().apply(SRC, new Random(8));
        int px = (out.getWidth() - 160) / 2;
        int py = (out.getHeight() - 120) / 2;
        assertThat(out.getWidth() > 160 || out.getHeight() > 120).isTrue();
        assertThat(pixels(out.getSubimage(px, py, 160, 120))).isEqualTo(pixels(SRC));
    }

    @Test
    void aspectChangeStretchesOneAxisWithinBounds() {
        for (int seed = 0; seed < 20; seed++) {
            BufferedImage out = AspectChange.defaults().apply(SRC, new Random(seed));
            boolean oneAxis = out.getWidth() == 160 || out.getHeight() == 120;
            assertThat(oneAxis).isTrue();
            assertThat(out.getWidth()).isBetween(106, 240);
            assertThat(out.getHeight()).isBetween(80, 180);
        }
    }

    @Test
    void grayscaleUsesThePreprocessingLuminance() {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 200 << 16 | 100 << 8 | 50);
        int y = new Grayscale().apply(one, new Random()).getRGB(0, 0) & 0xFFFFFF;
        int expected = Math.round(0.299f * 200 + 0.587f * 100 + 0.114f * 50);
        assertThat(y).isEqualTo(expected << 16 | expected << 8 | expected);
    }

    @Test
    void flippingTwiceIsTheIdentity() {
        HorizontalFlip f = new HorizontalFlip();
        BufferedImage once = f.apply(SRC, new Random());
        assertThat(once.getRGB(0, 10)).isEqualTo(SRC.getRGB(159, 10));
        assertThat(pixels(f.apply(once, new Random()))).isEqualTo(pixels(SRC));
    }

    @Test
    void chainAppliesBetweenMinAndMaxEdits() {
        AugmentationChain none = new AugmentationChain(AugmentationChain.realistic(false).pool(), 0, 0);
        assertThat(pixels(none.apply(SRC, new Random(1)))).isEqualTo(pixels(SRC));
        assertThatThrownBy(() -> new AugmentationChain(java.util.List.of(new Grayscale()), 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transparentPixelsBecomeWhite() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00123456);
        argb.setRGB(1, 0, 0xFF123456);
        BufferedImage rgb = Images.toRgb(argb);
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x123456);
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
