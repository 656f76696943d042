package io.hashstream.bench.image;

import io.hashstream.image.DecodeLimits;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.image.SafeImageDecoder;

/**
 * The job's image path for the default model (JPEG → 64×64×3) two ways, in thread CPU time, interleaved
 * ({@link InterleavedCpuTime}), on {@link ImageDecodeBenchmark}'s seeded pictures: libjpeg-turbo's decode
 * into a Java image, then {@link Preprocessor}'s integer box shrink in Java; against
 * {@link ImagePipeline#toModelInput(byte[], float[], int)}, which adds up the boxes in the native call.
 * Both give the same floats (TurboJpegTest). Also prints the Java heap each path allocates per image
 * (thread allocation counters: exact, unlike times).
 *
 * <pre>java -cp benchmarks/target/hashstream-benchmarks.jar io.hashstream.bench.image.FusedShrinkCpuTime [rounds]</pre>
 */
public final class FusedShrinkCpuTime {
    private static final ModelInput RGB64 = new ModelInput(64, 64, 3, ModelInput.Normalization.ZERO_ONE,
            Preprocessor.VERSION);

    private FusedShrinkCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        if (!SafeImageDecoder.nativeJpegAvailable()) {
            System.err.println("libjpeg-turbo is not available: " + SafeImageDecoder.nativeJpegUnavailableReason());
            System.exit(2);
        }
        ImagePipeline pipeline = new ImagePipeline(RGB64);
        InterleavedCpuTime.header("operation", "decode, then shrink in Java", "shrink while decoding");
        compare("256x256 JPEG -> 64x64x3", ImageDecodeBenchmark.jpeg(ImageDecodeBenchmark.picture(1, 256, 256)), pipeline, rounds);
        compare("1024x768 JPEG -> 64x64x3 (steps 4, 3)", ImageDecodeBenchmark.jpeg(ImageDecodeBenchmark.picture(2, 1024, 768)),
                pipeline, rounds);
    }

    private static void compare(String label, byte[] jpeg, ImagePipeline pipeline, int rounds) throws Exception {
        SafeImageDecoder decoder = pipeline.decoder();
        DecodeLimits limits = decoder.limits();
        if (limits.targetWidth() != 4 * RGB64.width()) {
            throw new IllegalStateException("the pipeline's decoder should aim at 4 x the model's size");
        }
        Preprocessor preprocessor = new Preprocessor();
        float[] separate = new float[RGB64.floatsPerImage()];
        float[] fused = new float[RGB64.floatsPerImage()];
        InterleavedCpuTime.compare(label, () -> {
            preprocessor.preprocess(decoder.decode(jpeg), RGB64, separate, 0);
            return separate[7];
        }, () -> {
            pipeline.toModelInput(jpeg, fused, 0);
            return fused[7];
        }, rounds);
        if (!java.util.Arrays.equals(separate, fused)) {
            throw new IllegalStateException(label + ": the two paths gave different floats");
        }
        System.out.printf("%-40s allocated per image: %,d B decode-then-shrink, %,d B shrink-while-decoding%n", label,
                allocatedPerCall(() -> preprocessor.preprocess(decoder.decode(jpeg), RGB64, separate, 0)),
                allocatedPerCall(() -> pipeline.toModelInput(jpeg, fused, 0)));
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Mean bytes this thread allocates per call, over 200 calls after 200 warm-up calls. */
    private static long allocatedPerCall(Call call) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200; i++) {
            call.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200; i++) {
            call.run();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / 200;
    }
}
