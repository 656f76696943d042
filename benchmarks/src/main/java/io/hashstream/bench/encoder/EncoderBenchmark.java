package io.hashstream.bench.encoder;

import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ModelInput;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.EncoderPrecision;
import io.hashstream.model.ModelCard;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import io.hashstream.code.BinaryCode;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The encoder alone: a batch of preprocessed model inputs already in memory → binary codes, one
 * SavedModel session call per batch (what the job's encode operator does per flush). Images/s is
 * {@code batchSize} × the reported operations/s. The inputs are seeded pictures run through the real
 * {@link ImagePipeline}, so the tensors hold realistic values. CPU or GPU is what the build's natives and
 * the machine offer ({@code device=AUTO}); {@code -p device=CPU} forces the CPU.
 *
 * <p>Needs the TensorFlow natives, which the shaded benchmarks jar leaves out: run with the module's
 * Maven classpath (scripts/gpu-benchmark.sh and BENCHMARKS.md show the command).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncoderBenchmark {

    @Param({"1", "4", "16", "64", "256", "1024"})
    public int batchSize;

    /** SavedModel directory with its model card. */
    @Param({"models/fashion-mnist-hashnet-64"})
    public String modelDir;

    /** TensorFlow intra-op threads; 0 = all cores. */
    @Param({"0"})
    public int threads;

    @Param({"AUTO"})
    public String device;

    /** FP32, or BF16 (float32 where the CPU has no bfloat16 instructions; the setup line says which). */
    @Param({"FP32"})
    public String precision;

    private SavedModelEncoder encoder;
    private float[] batch;

    @Setup(Level.Trial)
    public void setUp() {
        Path dir = Path.of(modelDir);
        ModelInput input = ModelCard.read(dir).input();
        TfThreads tf = threads > 0 ? new TfThreads(threads, 1) : TfThreads.wholeMachine();
        encoder = SavedModelEncoder.load(dir, tf, DevicePreference.valueOf(device), EncoderPrecision.valueOf(precision));
        ImagePipeline pipeline = new ImagePipeline(input);
        batch = new float[batchSize * input.floatsPerImage()];
        Random random = new Random(11);
        for (int i = 0; i < batchSize; i++) {
            pipeline.toModelInput(picture(random, 256, 256), batch, i * input.floatsPerImage());
        }
        System.out.println("# encoder " + encoder.modelId() + " on " + encoder.device() + " in " + encoder.precision() + ", " + tf);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
    }

    @Benchmark
    public BinaryCode[] encodeBatch() {
        return encoder.encode(batch, batchSize);
    }

    private static BufferedImage picture(Random random, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), width, height, new Color(random.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, width, height);
        for (int s = 0; s < 10; s++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(width / 2), 1 + random.nextInt(height / 2));
        }
        g.dispose();
        return img;
    }
}
