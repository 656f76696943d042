package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TurboJpeg}: where the build made the binding it loads, and for every plain JPEG it decodes it
 * gives exactly the JDK reader's image (type, size, bytes), at full size and subsampled, for every chroma
 * subsampling, progressive or not, with restart markers; and it declines (null) rather than decide
 * anything about damaged or oversized files.
 */
class TurboJpegTest {

    private static final SafeImageDecoder JDK_ONLY = new SafeImageDecoder().withNativeJpeg(false);

    @Test
    void theBindingLoadsWhereTheBuildMadeIt() {
        // The native-turbojpeg profile sets this property when it compiled the binding into the jar.
        assumeTrue(Boolean.getBoolean("hashstream.turbojpeg.built"), "built without libturbojpeg0-dev");
        assertThat(TurboJpeg.unavailableReason()).isNull();
        assertThat(SafeImageDecoder.nativeJpegAvailable()).isTrue();
    }

    @BeforeEach
    void needsTheBinding() {
        if (!Boolean.getBoolean("hashstream.turbojpeg.built")) {
            assumeTrue(TurboJpeg.available(), "no libjpeg-turbo binding in this build");
        }
    }

    /** Chroma sampling factors {H, V} of the luma component, chroma at 1x1: 4:4:4, 4:2:2, 4:4:0, 4:2:0, 4:1:1. */
    private static final int[][] SAMPLING = {{1, 1}, {2, 1}, {1, 2}, {2, 2}, {4, 1}};

    @Property(tries = 80)
    void givesTheJdkReadersPixels(@ForAll @IntRange(min = 1, max = 400) int w,
            @ForAll @IntRange(min = 1, max = 400) int h, @ForAll @IntRange(min = 5, max = 100) int quality,
            @ForAll @IntRange(min = 0, max = 4) int sampling, @ForAll boolean progressive, @ForAll boolean gray,
            @ForAll @IntRange(min = 0, max = 9) int restartRows, @ForAll @IntRange(min = 0, max = 120) int target,
            @ForAll long seed) throws ImageRejectedException {
        BufferedImage picture = TestImages.shapes(seed, w, h);
        if (gray) {
            picture = PreprocessorTest.convert(picture, BufferedImage.TYPE_BYTE_GRAY);
        }
        byte[] jpeg = TestImages.jpeg(picture, quality / 100f, progressive, SAMPLING[sampling], restartRows);
        assertThat(PlainJpeg.isPlain(jpeg)).isTrue();
        DecodeLimits limits = target == 0 ? DecodeLimits.defaults() : DecodeLimits.defaults().withTarget(target, target / 2 + 1);
        int sx = SafeImageDecoder.subsampling(w, limits.targetWidth());
        int sy = SafeImageDecoder.subsampling(h, limits.targetHeight());

        BufferedImage fromTurbo = TurboJpeg.decode(jpeg, TurboJpeg.header(jpeg), sx, sy);
        assertThat(fromTurbo).as("declined a clean file").isNotNull();
        assertSameImage(fromTurbo, new SafeImageDecoder(limits).withNativeJpeg(false).decode(jpeg));
        // and through the decoder, which takes this path by default
        assertSameImage(new SafeImageDecoder(limits).decode(jpeg), fromTurbo);
    }

    /** Picture sides: box-shrink sizes for a 64 (or 16) pixel model side, with and without subsampling, and others. */
    private static final int[] SIDES = {64, 128, 256, 512, 768, 1024, 2048, 100, 300, 257, 1000};

    @Property(tries = 60)
    void shrinkingWhileDecodingGivesTheGeneralPathsFloats(@ForAll @IntRange(min = 0, max = 10) int wi,
            @ForAll @IntRange(min = 0, max = 10) int hi, @ForAll @IntRange(min = 5, max = 100) int quality,
            @ForAll @IntRange(min = 0, max = 4) int sampling, @ForAll boolean progressive, @ForAll boolean gray,
            @ForAll boolean smallModel, @ForAll long seed) throws ImageRejectedException {
        int w = SIDES[wi];
        int h = SIDES[hi];
        BufferedImage picture = TestImages.shapes(seed, w, h);
        if (gray) {
            picture = PreprocessorTest.convert(picture, BufferedImage.TYPE_BYTE_GRAY);
        }
        byte[] jpeg = TestImages.jpeg(picture, quality / 100f, progressive, SAMPLING[sampling], 0);
        int side = smallModel ? 16 : 64;
        ModelInput input = new ModelInput(side, side, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);
        ImagePipeline pipeline = new ImagePipeline(input);

        float[] batch = new float[7 + input.floatsPerImage() + 5]; // written at an offset, as into a batch
        boolean tookIt = pipeline.shrinkWhileDecoding(jpeg, batch, 7);
        float[] fused = Arrays.copyOfRange(batch, 7, 7 + input.floatsPerImage());
        assertThat(Arrays.copyOfRange(batch, 0, 7)).containsOnly(0f);
        assertThat(Arrays.copyOfRange(batch, 7 + input.floatsPerImage(), batch.length)).containsOnly(0f);
        // the general path, through the JDK reader: decode, then preprocess
        float[] general = new Preprocessor().preprocess(pipeline.decoder().withNativeJpeg(false).decode(jpeg), input);

        SafeImageDecoder.NativeJpegPlan plan = pipeline.decoder().nativeJpegPlan(jpeg);
        boolean boxShrinks = Preprocessor.boxFactors(plan.width(), plan.height(), input) != null;
        assertThat(tookIt).as("fused path for %dx%d gray=%s", w, h, gray).isEqualTo(boxShrinks && !gray);
        if (tookIt) {
            assertThat(fused).as("%dx%d q%d", w, h, quality).isEqualTo(general);
        }
        assertThat(pipeline.toModelInput(jpeg)).isEqualTo(general);
    }

    private static final byte[][] BOX_JPEGS = {
        TestImages.jpeg(TestImages.shapes(7, 32, 32), 0.4f, false),
        TestImages.jpeg(TestImages.shapes(8, 64, 128), 0.4f, true),
    };

    /**
     * Hostile bytes: random edits of JPEGs that take the native box sums. Whatever that path accepts, the
     * JDK reader accepts too, with the same floats; the rest is declined or refused, never a crash.
     */
    @Property(tries = 3000)
    void damagedFilesTheShrinkingPathAcceptsGiveTheJdkReadersFloats(@ForAll long seed) throws ImageRejectedException {
        java.util.Random random = new java.util.Random(seed);
        byte[] b = BOX_JPEGS[random.nextInt(BOX_JPEGS.length)].clone();
        for (int edits = 1 + random.nextInt(8); edits > 0; edits--) {
            switch (random.nextInt(3)) {
                case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 1 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                default -> b = Arrays.copyOf(b, Math.max(4, b.length - random.nextInt(b.length / 2)));
            }
        }
        ModelInput input = new ModelInput(16, 16, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);
        ImagePipeline pipeline = new ImagePipeline(input);
        float[] fused = new float[input.floatsPerImage()];
        boolean tookIt;
        try {
            tookIt = pipeline.shrinkWhileDecoding(b, fused, 0);
        } catch (ImageRejectedException refusedBeforeDecoding) {
            tookIt = false; // format and size checks: the same for every path
        }
        Statistics.collect(tookIt ? "shrunk while decoding" : "declined or refused");
        Statistics.coverage(checker -> checker.check("shrunk while decoding").percentage(p -> p > 2));
        if (tookIt) {
            byte[] bytes = b;
            assertThat(rejection(() -> pipeline.decoder().withNativeJpeg(false).decode(bytes))).isNull();
            assertThat(fused).isEqualTo(new Preprocessor().preprocess(pipeline.decoder().withNativeJpeg(false).decode(b), input));
        }
    }

    @Test
    void shrinkingWhileDecodingLeavesOrientedAndDamagedFilesToTheGeneralPath() throws ImageRejectedException {
        ModelInput input = new ModelInput(64, 64, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);
        ImagePipeline pipeline = new ImagePipeline(input);
        float[] dst = new float[input.floatsPerImage()];

        byte[] oriented = TestImages.resource("orientation-6.jpg");
        assertThat(pipeline.shrinkWhileDecoding(oriented, dst, 0)).isFalse();

        byte[] jpeg = TestImages.jpeg(TestImages.shapes(6, 256, 256), 0.8f, false);
        assertThat(pipeline.shrinkWhileDecoding(jpeg, dst, 0)).isTrue();
        int scan = TestImages.jpegScanDataOffset(jpeg);
        byte[] corrupt = jpeg.clone();
        for (int i = scan + 10; i < scan + 60; i++) {
            corrupt[i] = (byte) 0xFF; // a run of markers inside entropy-coded data
        }
        assertThat(pipeline.shrinkWhileDecoding(corrupt, dst, 0)).as("a warning declines").isFalse();
        byte[] truncated = Arrays.copyOf(jpeg, scan + (jpeg.length - scan) / 2);
        for (byte[] damaged : new byte[][] {corrupt, truncated}) {
            assertThat(rejection(() -> {
                pipeline.toModelInput(damaged);
                return null;
            })).isEqualTo(rejection(() -> JDK_ONLY.decode(damaged))).isNotNull();
        }
    }

    @Test
    void exifOrientationIsAppliedAsForTheJdkReader() throws ImageRejectedException {
        byte[] jpeg = TestImages.resource("orientation-6.jpg");
        assertThat(TurboJpeg.decode(jpeg, TurboJpeg.header(jpeg), 1, 1)).isNotNull();
        for (DecodeLimits limits : new DecodeLimits[] {DecodeLimits.defaults(), DecodeLimits.defaults().withTarget(8, 5)}) {
            assertSameImage(new SafeImageDecoder(limits).decode(jpeg), new SafeImageDecoder(limits).withNativeJpeg(false).decode(jpeg));
        }
    }

    @Test
    void declinesDamagedFilesAndLeavesTheVerdictToTheReaders() {
        byte[] jpeg = TestImages.jpeg(TestImages.shapes(3, 120, 90), 0.8f, false);
        int scan = TestImages.jpegScanDataOffset(jpeg);
        byte[] truncated = Arrays.copyOf(jpeg, scan + (jpeg.length - scan) / 2);
        byte[] corrupt = jpeg.clone();
        for (int i = scan + 10; i < scan + 60; i++) {
            corrupt[i] = (byte) 0xFF; // a run of markers inside entropy-coded data
        }
        for (byte[] damaged : new byte[][] {truncated, corrupt}) {
            assertThat(TurboJpeg.decode(damaged, TurboJpeg.header(damaged), 1, 1)).isNull();
            assertThat(rejection(() -> new SafeImageDecoder().decode(damaged)))
                    .isNotNull()
                    .isEqualTo(rejection(() -> JDK_ONLY.decode(damaged)));
        }
        assertThat(TurboJpeg.header(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3})).isNull();
    }

    @Test
    void imagesOverTheNativeCapGoToTheJdkReader() {
        byte[] jpeg = TestImages.jpeg(TestImages.shapes(4, 64, 48), 0.8f, false);
        byte[] huge = TestImages.jpegDeclaring(jpeg, 5000, 4000); // 20 M pixels > MAX_PIXELS
        assertThat(TurboJpeg.header(huge)).isEqualTo(new TurboJpeg.Header(5000, 4000, 1));
        assertThat(TurboJpeg.decode(huge, TurboJpeg.header(huge), 1, 1)).isNull();
    }

    @Test
    void manyDecodesDoNotGrowTheProcess() throws ImageRejectedException {
        // Every native buffer is freed: 1,000 decodes of a 1024x768 image would leak 2.4 GB otherwise.
        byte[] jpeg = TestImages.jpeg(TestImages.shapes(5, 1024, 768), 0.85f, false);
        TurboJpeg.Header header = TurboJpeg.header(jpeg);
        for (int i = 0; i < 200; i++) {
            assertThat(TurboJpeg.decode(jpeg, header, 4, 3)).isNotNull();
        }
        long before = residentBytes();
        for (int i = 0; i < 1_000; i++) {
            TurboJpeg.decode(jpeg, header, 4, 3);
        }
        assertThat(residentBytes() - before).isLessThan(256L << 20);
        // and the box shrink's buffers (1024x768 subsampled by 4 x 3 to 256x256, boxes of 4 x 4)
        float[] levels = Preprocessor.levelsFor(new ModelInput(64, 64, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION));
        float[] dst = new float[64 * 64 * 3];
        for (int i = 0; i < 200; i++) {
            assertThat(TurboJpeg.boxShrink(jpeg, header, 4, 3, 4, 4, 64, 64, levels, dst, 0)).isTrue();
        }
        before = residentBytes();
        for (int i = 0; i < 1_000; i++) {
            TurboJpeg.boxShrink(jpeg, header, 4, 3, 4, 4, 64, 64, levels, dst, 0);
        }
        assertThat(residentBytes() - before).isLessThan(256L << 20);
    }

    static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private interface Decode {
        BufferedImage run() throws ImageRejectedException;
    }

    private static ImageRejectReason rejection(Decode decode) {
        try {
            decode.run();
            return null;
        } catch (ImageRejectedException e) {
            return e.reason();
        }
    }

    private static void assertSameImage(BufferedImage actual, BufferedImage expected) {
        assertThat(actual.getType()).isEqualTo(expected.getType());
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        assertThat(((DataBufferByte) actual.getRaster().getDataBuffer()).getData())
                .isEqualTo(((DataBufferByte) expected.getRaster().getDataBuffer()).getData());
    }
}
