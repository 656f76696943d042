package io.hashstream.bench.image;

/**
 * {@link PreprocessSpeedBenchmark}'s reference and optimized operations in thread CPU time, interleaved
 * ({@link InterleavedCpuTime}): per case the median CPU µs per call of each side and the median of the
 * per-round ratios.
 *
 * <pre>java -cp benchmarks/target/hashstream-benchmarks.jar io.hashstream.bench.image.PreprocessSpeedCpuTime [rounds]</pre>
 */
public final class PreprocessSpeedCpuTime {

    private PreprocessSpeedCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        InterleavedCpuTime.header("jpeg      input    operation", "reference", "optimized");
        for (String jpeg : new String[] {"256x256", "1024x768"}) {
            for (String input : new String[] {"28x28x1", "64x64x3"}) {
                PreprocessSpeedBenchmark b = new PreprocessSpeedBenchmark();
                b.jpeg = jpeg;
                b.input = input;
                b.setUp();
                String label = String.format("%-9s %-8s ", jpeg, input);
                InterleavedCpuTime.compare(label + "decode+preprocess", b::decodeAndPreprocessReference,
                        b::decodeAndPreprocessOptimized, rounds);
                InterleavedCpuTime.compare(label + "decode", b::decodeReference, b::decodeOptimized, rounds);
                InterleavedCpuTime.compare(label + "preprocess", b::preprocessReference, b::preprocessOptimized, rounds);
            }
        }
    }
}
