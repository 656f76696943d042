package io.hashstream.bench.image;

import io.hashstream.image.DecodeLimits;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.image.SafeImageDecoder;

/**
 * The JDK's JPEG reader against libjpeg-turbo ({@code SafeImageDecoder} with and without its native path)
 * in thread CPU time, interleaved ({@link InterleavedCpuTime}), on {@link ImageDecodeBenchmark}'s seeded
 * pictures: decode alone at the sizes the pipelines use, and decode + preprocess for the default model.
 *
 * <pre>java -cp benchmarks/target/hashstream-benchmarks.jar io.hashstream.bench.image.NativeJpegCpuTime [rounds]</pre>
 */
public final class NativeJpegCpuTime {
    private static final ModelInput RGB64 = new ModelInput(64, 64, 3, ModelInput.Normalization.MINUS_ONE_ONE,
            Preprocessor.VERSION);

    private NativeJpegCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        if (!SafeImageDecoder.nativeJpegAvailable()) {
            System.err.println("libjpeg-turbo is not available: " + SafeImageDecoder.nativeJpegUnavailableReason());
            System.exit(2);
        }
        byte[] jpeg256 = ImageDecodeBenchmark.jpeg(ImageDecodeBenchmark.picture(1, 256, 256));
        byte[] jpeg1024 = ImageDecodeBenchmark.jpeg(ImageDecodeBenchmark.picture(2, 1024, 768));
        InterleavedCpuTime.header("operation", "JDK reader", "libjpeg-turbo");
        DecodeLimits full = DecodeLimits.defaults();
        DecodeLimits towards256 = full.withTarget(256, 256);
        DecodeLimits towards64 = full.withTarget(64, 64);
        compareDecode("decode 256x256, full size", jpeg256, full, rounds);
        compareDecode("decode 1024x768, full size", jpeg1024, full, rounds);
        compareDecode("decode 1024x768 towards 256 (steps 4, 3)", jpeg1024, towards256, rounds);
        compareDecode("decode 1024x768 towards 64 (steps 16, 12)", jpeg1024, towards64, rounds);
        // What the job does per image with the default model: decode towards 4 x 64, preprocess to 64x64x3.
        comparePipeline("decode+preprocess 256x256 -> 64x64x3", jpeg256, towards256, rounds);
        comparePipeline("decode+preprocess 1024x768 -> 64x64x3", jpeg1024, towards256, rounds);
    }

    private static void compareDecode(String label, byte[] jpeg, DecodeLimits limits, int rounds) throws Exception {
        SafeImageDecoder turbo = new SafeImageDecoder(limits).withNativeJpeg(true);
        SafeImageDecoder jdk = turbo.withNativeJpeg(false);
        InterleavedCpuTime.compare(label, () -> jdk.decode(jpeg), () -> turbo.decode(jpeg), rounds);
    }

    private static void comparePipeline(String label, byte[] jpeg, DecodeLimits limits, int rounds) throws Exception {
        SafeImageDecoder turbo = new SafeImageDecoder(limits).withNativeJpeg(true);
        SafeImageDecoder jdk = turbo.withNativeJpeg(false);
        Preprocessor preprocessor = new Preprocessor();
        float[] out = new float[RGB64.floatsPerImage()];
        InterleavedCpuTime.compare(label, () -> {
            preprocessor.preprocess(jdk.decode(jpeg), RGB64, out, 0);
            return out[7];
        }, () -> {
            preprocessor.preprocess(turbo.decode(jpeg), RGB64, out, 0);
            return out[7];
        }, rounds);
    }
}
