package io.hashstream.bench.image;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Two implementations of one operation in thread CPU time (native code on the thread included),
 * interleaved: each round times N calls of the "before" side then N of the "after" side, so a load change
 * on a shared machine hits both sides of a round alike. Prints the median CPU µs per call of each side
 * and the median of the per-round ratios.
 */
final class InterleavedCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    private InterleavedCpuTime() {
    }

    static void header(String labels, String before, String after) {
        System.out.printf("%-42s %14s %14s %12s%n", labels, before + " µs", after + " µs", "ratio");
    }

    static void compare(String label, Callable<?> before, Callable<?> after, int rounds) throws Exception {
        // ~1.5 s CPU warm-up per side; the call count per round follows from it.
        int n = Math.max(1, warmUp(before) / 8);
        warmUp(after);
        double[] b = new double[rounds];
        double[] a = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            b[r] = time(before, n);
            a[r] = time(after, n);
            ratio[r] = b[r] / a[r];
        }
        System.out.printf("%-42s %14.1f %14.1f %11.2fx%n", label, median(b), median(a), median(ratio));
        if (sink == 42) {
            System.out.println();
        }
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
