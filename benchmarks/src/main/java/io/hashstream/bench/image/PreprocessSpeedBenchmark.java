package io.hashstream.bench.image;

import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.image.ReferencePreprocessorV1;
import io.hashstream.image.ReferenceSafeImageDecoderV1;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The job's image path before and after the speed work, one thread: JPEG bytes → model input the way
 * {@link ImagePipeline} does it (decode with subsampling towards 4 × the input size, then preprocess),
 * and each step alone. "reference" is the code as it was ({@link ReferenceSafeImageDecoderV1}: every JPEG
 * through TwelveMonkeys; {@link ReferencePreprocessorV1}; both from core's test-jar), "optimized" the
 * current {@link ImagePipeline}; both give bit-identical floats ({@code PreprocessorEquivalenceTest},
 * {@code PlainJpegTest}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PreprocessSpeedBenchmark {

    @Param({"256x256", "1024x768"})
    public String jpeg;

    /** height x width x channels: the default model's input and a 64×64 RGB one. */
    @Param({"28x28x1", "64x64x3"})
    public String input;

    private byte[] bytes;
    private BufferedImage decoded;
    private ImagePipeline pipeline;
    private ModelInput modelInput;
    private ReferenceSafeImageDecoderV1 referenceDecoder;
    private final ReferencePreprocessorV1 reference = new ReferencePreprocessorV1();
    private final Preprocessor optimized = new Preprocessor();
    private float[] out;

    @Setup
    public void setUp() throws Exception {
        String[] size = jpeg.split("x");
        int w = Integer.parseInt(size[0]);
        int h = Integer.parseInt(size[1]);
        bytes = ImageDecodeBenchmark.jpeg(ImageDecodeBenchmark.picture(w * 31L + h, w, h));
        String[] in = input.split("x");
        modelInput = new ModelInput(Integer.parseInt(in[0]), Integer.parseInt(in[1]), Integer.parseInt(in[2]),
                ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);
        pipeline = new ImagePipeline(modelInput);
        referenceDecoder = new ReferenceSafeImageDecoderV1(pipeline.decoder().limits());
        decoded = pipeline.decoder().decode(bytes);
        out = new float[modelInput.floatsPerImage()];
    }

    @Benchmark
    public float[] decodeAndPreprocessReference() throws ImageRejectedException {
        reference.preprocess(referenceDecoder.decode(bytes), modelInput, out, 0);
        return out;
    }

    @Benchmark
    public float[] decodeAndPreprocessOptimized() throws ImageRejectedException {
        pipeline.toModelInput(bytes, out, 0);
        return out;
    }

    @Benchmark
    public BufferedImage decodeReference() throws ImageRejectedException {
        return referenceDecoder.decode(bytes);
    }

    @Benchmark
    public BufferedImage decodeOptimized() throws ImageRejectedException {
        return pipeline.decoder().decode(bytes);
    }

    @Benchmark
    public float[] preprocessReference() {
        reference.preprocess(decoded, modelInput, out, 0);
        return out;
    }

    @Benchmark
    public float[] preprocessOptimized() {
        optimized.preprocess(decoded, modelInput, out, 0);
        return out;
    }
}
