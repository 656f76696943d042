package io.hashstream.bench.image;

import io.hashstream.image.DecodeLimits;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.image.SafeImageDecoder;
import io.hashstream.perceptual.DHasher;
import io.hashstream.perceptual.PdqHasher;
import io.hashstream.perceptual.PerceptualHash;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the image path per image, one thread: decoding alone (256×256 and 1024×768 JPEG, the latter at
 * full size and with source subsampling towards 64×64 and towards the pipeline's 256×256), preprocessing
 * alone (decoded image → 64×64×3 floats), the whole {@link ImagePipeline}, and the PDQ/dHash baselines.
 * Pictures: seeded gradients, shapes and sensor-like noise, JPEG quality 85 (4:2:0), so the entropy
 * decoder has photo-like work to do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ImageDecodeBenchmark {

    private static final ModelInput RGB64 = new ModelInput(64, 64, 3, ModelInput.Normalization.MINUS_ONE_ONE, Preprocessor.VERSION);

    private byte[] jpeg256;
    private byte[] jpeg1024;
    private BufferedImage decoded256;
    private BufferedImage decoded1024;
    private final SafeImageDecoder fullSize = new SafeImageDecoder();
    private final SafeImageDecoder towards64 = new SafeImageDecoder(DecodeLimits.defaults().withTarget(64, 64));
    private final SafeImageDecoder towards256 = new SafeImageDecoder(DecodeLimits.defaults().withTarget(256, 256));
    private final Preprocessor preprocessor = new Preprocessor();
    private final ImagePipeline pipeline = new ImagePipeline(RGB64);
    private final PdqHasher pdq = new PdqHasher();
    private final DHasher dhash = new DHasher();
    private final float[] out = new float[RGB64.floatsPerImage()];

    @Setup
    public void setUp() throws Exception {
        jpeg256 = jpeg(picture(1, 256, 256));
        jpeg1024 = jpeg(picture(2, 1024, 768));
        decoded256 = fullSize.decode(jpeg256);
        decoded1024 = fullSize.decode(jpeg1024);
    }

    @Benchmark
    public BufferedImage decodeJpeg256() throws ImageRejectedException {
        return fullSize.decode(jpeg256);
    }

    @Benchmark
    public BufferedImage decodeJpeg1024x768() throws ImageRejectedException {
        return fullSize.decode(jpeg1024);
    }

    @Benchmark
    public BufferedImage decodeJpeg1024x768SubsampledTo64() throws ImageRejectedException {
        return towards64.decode(jpeg1024);
    }

    @Benchmark
    public BufferedImage decodeJpeg1024x768SubsampledTo256() throws ImageRejectedException {
        return towards256.decode(jpeg1024);
    }

    @Benchmark
    public float[] preprocess256To64() {
        preprocessor.preprocess(decoded256, RGB64, out, 0);
        return out;
    }

    @Benchmark
    public float[] preprocess1024x768To64() {
        preprocessor.preprocess(decoded1024, RGB64, out, 0);
        return out;
    }

    @Benchmark
    public float[] pipelineJpeg1024x768() throws ImageRejectedException {
        pipeline.toModelInput(jpeg1024, out, 0);
        return out;
    }

    @Benchmark
    public PerceptualHash pdqJpeg1024x768() throws ImageRejectedException {
        return pdq.hash(jpeg1024);
    }

    @Benchmark
    public PerceptualHash dhashJpeg1024x768() throws ImageRejectedException {
        return dhash.hash(jpeg1024);
    }

    static BufferedImage picture(long seed, int w, int h) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, color(r), w, h, color(r)));
            g.fillRect(0, 0, w, h);
            for (int i = 0; i < 40; i++) {
                g.setColor(color(r));
                g.fillOval(r.nextInt(w), r.nextInt(h), 10 + r.nextInt(w / 3), 10 + r.nextInt(h / 3));
            }
        } finally {
            g.dispose();
        }
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) Math.max(0, Math.min(255, (data[i] & 0xFF) + (int) (r.nextGaussian() * 6)));
        }
        return img;
    }

    private static Color color(Random r) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    static byte[] jpeg(BufferedImage img) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(img, null, null), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }
}
