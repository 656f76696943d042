package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.ModelInput.Normalization;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {

    private static final ModelInput RGB64 = new ModelInput(64, 64, 3, Normalization.MINUS_ONE_ONE, Preprocessor.VERSION);
    private final ImagePipeline pipeline = new ImagePipeline(RGB64);

    @Test
    void decodesWithSubsamplingTowardsFourTimesTheInputSize() {
        DecodeLimits limits = pipeline.decoder().limits();
        assertThat(limits.targetWidth()).isEqualTo(64 * ImagePipeline.OVERSAMPLING);
        assertThat(limits.targetHeight()).isEqualTo(64 * ImagePipeline.OVERSAMPLING);
        assertThat(limits.maxPixels()).isEqualTo(DecodeLimits.DEFAULT_MAX_PIXELS);
    }

    @Test
    void bytesAndAlreadyDecodedImagesGiveIdenticalInputs() throws Exception {
        // 1200x900 is subsampled by the decoder (steps 4 and 3); the in-memory path must subsample alike.
        for (int[] size : new int[][] {{1200, 900}, {300, 200}, {40, 30}}) {
            BufferedImage picture = TestImages.shapes(size[0], size[0], size[1]);
            float[] fromBytes = pipeline.toModelInput(TestImages.encode(picture, "png"));
            assertThat(fromBytes).hasSize(RGB64.floatsPerImage());
            assertThat(pipeline.toModelInput(picture)).as("%dx%d", size[0], size[1]).isEqualTo(fromBytes);
        }
    }

    @Test
    void jpegSubsampledWhileDecodingMatchesFullDecodeSubsampledInMemory() throws Exception {
        BufferedImage picture = TestImages.shapes(77, 1024, 768);
        byte[] jpeg = TestImages.jpeg(picture, 0.85f, false);
        BufferedImage full = new SafeImageDecoder().decode(jpeg);
        assertThat(pipeline.toModelInput(full)).isEqualTo(pipeline.toModelInput(jpeg));
    }

    @Test
    void refusalsKeepTheirReason() {
        assertThatThrownBy(() -> pipeline.toModelInput(TestImages.pngDeclaring(100_000, 100_000)))
                .isInstanceOf(ImageRejectedException.class)
                .extracting(e -> ((ImageRejectedException) e).code()).isEqualTo("image.too_many_pixels");
        assertThatThrownBy(() -> pipeline.toModelInput(new byte[0]))
                .isInstanceOf(ImageRejectedException.class)
                .extracting(e -> ((ImageRejectedException) e).reason()).isEqualTo(ImageRejectReason.EMPTY);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"8, 1", "16, 1", "32, 1", "32, 3"})
    void grayTiffsOfEveryDepthBecomeAModelInput(int bits, int sampleFormat) throws Exception {
        // 32-bit gray was once scaled by (1 << 32) - 1, which Java computes as 0: an ArithmeticException
        // instead of pixels. Brighter to the right: the input must keep the order.
        int w = 8;
        int h = 8;
        byte[] tiff = grayTiff(bits, sampleFormat, w, h);
        float[] in = pipeline.toModelInput(tiff);
        assertThat(in).hasSize(RGB64.floatsPerImage());
        // first row, R channel (NHWC): black on the left, white on the right
        assertThat(in[0]).isEqualTo(-1f);
        assertThat(in[(64 - 1) * 3]).isEqualTo(1f);
        // and mid-grey as mid-grey at every depth: the same input as the 8-bit file's (sample / max, not
        // linear light converted to sRGB, which would make it 188 of 255)
        assertThat(in).isEqualTo(pipeline.toModelInput(grayTiff(8, 1, w, h)));
    }

    /** {@link #grayTiffsOfEveryDepthBecomeAModelInput}'s picture: 0 to white left to right. */
    private static byte[] grayTiff(int bits, int sampleFormat, int w, int h) {
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(w * h * bits / 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = x / (w - 1.0);
                switch (bits) {
                    case 8 -> data.put((byte) Math.round(v * 255));
                    case 16 -> data.putShort((short) Math.round(v * 65_535));
                    default -> {
                        if (sampleFormat == 3) {
                            data.putFloat((float) v);
                        } else {
                            data.putInt((int) Math.round(v * 4_294_967_295L));
                        }
                    }
                }
            }
        }
        return TestImages.tiff(w, h, bits, sampleFormat, 0, 0, data.array());
    }

    @Test
    void writesIntoABatchAtAnOffset() throws Exception {
        byte[] a = TestImages.jpeg(TestImages.shapes(1, 200, 150), 0.9f, false);
        byte[] b = TestImages.encode(TestImages.shapes(2, 90, 120), "png");
        int n = RGB64.floatsPerImage();
        float[] batch = new float[2 * n];
        pipeline.toModelInput(a, batch, 0);
        pipeline.toModelInput(b, batch, n);
        assertThat(java.util.Arrays.copyOfRange(batch, 0, n)).isEqualTo(pipeline.toModelInput(a));
        assertThat(java.util.Arrays.copyOfRange(batch, n, 2 * n)).isEqualTo(pipeline.toModelInput(b));
    }

    @Test
    void preprocessorConvenienceDecodesThenPreprocesses() throws Exception {
        byte[] png = TestImages.encode(TestImages.shapes(5, 100, 80), "png");
        ModelInput gray = new ModelInput(16, 16, 1, Normalization.ZERO_ONE, Preprocessor.VERSION);
        SafeImageDecoder decoder = new SafeImageDecoder();
        float[] viaBytes = new Preprocessor().preprocess(png, decoder, gray);
        assertThat(viaBytes).isEqualTo(new Preprocessor().preprocess(decoder.decode(png), gray));
    }

    @Test
    void oneSharedPipelineGivesTheSameInputsOnEveryThread() throws Exception {
        List<byte[]> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            BufferedImage picture = TestImages.shapes(100 + i, 300 + 40 * i, 260);
            byte[] bytes = i % 2 == 0 ? TestImages.jpeg(picture, 0.8f, i == 2) : TestImages.encode(picture, "png");
            inputs.add(bytes);
            expected.add(pipeline.toModelInput(bytes));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            List<Integer> which = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < inputs.size(); i++) {
                    byte[] bytes = inputs.get(i);
                    futures.add(pool.submit(() -> pipeline.toModelInput(bytes)));
                    which.add(i);
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertThat(futures.get(k).get()).isEqualTo(expected.get(which.get(k)));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
