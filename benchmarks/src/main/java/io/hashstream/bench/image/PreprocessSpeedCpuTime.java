package io.hashstream.bench.image;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@link PreprocessSpeedBenchmark}'s reference and optimized operations in thread CPU time, interleaved:
 * each round times N calls of the reference then N of the optimized code, so a load change on a shared
 * machine hits both sides of a round alike. Prints per case the median CPU µs per call of each side
 * and the median of the per-round ratios.
 *
 * <pre>java -cp benchmarks/target/hashstream-benchmarks.jar io.hashstream.bench.image.PreprocessSpeedCpuTime [rounds]</pre>
 */
public final class PreprocessSpeedCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    private PreprocessSpeedCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        System.out.printf("%-10s %-8s %-22s %14s %14s %12s%n", "jpeg", "input", "operation", "reference µs",
                "optimized µs", "ref/opt");
        for (String jpeg : new String[] {"256x256", "1024x768"}) {
            for (String input : new String[] {"28x28x1", "64x64x3"}) {
                PreprocessSpeedBenchmark b = new PreprocessSpeedBenchmark();
                b.jpeg = jpeg;
                b.input = input;
                b.setUp();
                compare(jpeg, input, "decode+preprocess", b::decodeAndPreprocessReference,
                        b::decodeAndPreprocessOptimized, rounds);
                compare(jpeg, input, "decode", b::decodeReference, b::decodeOptimized, rounds);
                compare(jpeg, input, "preprocess", b::preprocessReference, b::preprocessOptimized, rounds);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void compare(String jpeg, String input, String op, Callable<?> reference,
            Callable<?> optimized, int rounds) throws Exception {
        // ~1.5 s CPU warm-up per side; the call count per round follows from it.
        int n = Math.max(1, warmUp(reference) / 8);
        warmUp(optimized);
        double[] ref = new double[rounds];
        double[] opt = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ref[r] = time(reference, n);
            opt[r] = time(optimized, n);
            ratio[r] = ref[r] / opt[r];
        }
        System.out.printf("%-10s %-8s %-22s %14.1f %14.1f %11.2fx%n", jpeg, input, op, median(ref), median(opt),
                median(ratio));
    }

    private static int warmUp(Callable<?> op) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        int calls = 0;
        while (THREADS.getCurrentThreadCpuTime() - start < 1_500_000_000L) {
            sink += op.call().hashCode();
            calls++;
        }
        return calls;
    }

    private static double time(Callable<?> op, int n) throws Exception {
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            sink += op.call().hashCode();
        }
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / n;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
