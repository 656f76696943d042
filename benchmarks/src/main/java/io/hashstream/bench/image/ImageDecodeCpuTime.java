package io.hashstream.bench.image;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@link ImageDecodeBenchmark} operations timed in thread CPU time instead of wall time: on a
 * shared, oversubscribed machine wall time measures the scheduler, CPU time still measures the work.
 * Each operation: warm-up, then 15 rounds of N calls; prints the median CPU µs per call and the spread.
 *
 * <pre>java -cp benchmarks/target/hashstream-benchmarks.jar io.hashstream.bench.image.ImageDecodeCpuTime</pre>
 */
public final class ImageDecodeCpuTime {
    private ImageDecodeCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        ImageDecodeBenchmark b = new ImageDecodeBenchmark();
        b.setUp();
        Map<String, Callable<Object>> ops = new LinkedHashMap<>();
        ops.put("decodeJpeg256", b::decodeJpeg256);
        ops.put("decodeJpeg1024x768", b::decodeJpeg1024x768);
        ops.put("decodeJpeg1024x768SubsampledTo64", b::decodeJpeg1024x768SubsampledTo64);
        ops.put("decodeJpeg1024x768SubsampledTo256", b::decodeJpeg1024x768SubsampledTo256);
        ops.put("preprocess256To64", b::preprocess256To64);
        ops.put("preprocess1024x768To64", b::preprocess1024x768To64);
        ops.put("pipelineJpeg1024x768", b::pipelineJpeg1024x768);
        ops.put("pdqJpeg1024x768", b::pdqJpeg1024x768);
        ops.put("dhashJpeg1024x768", b::dhashJpeg1024x768);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-36s %12s %12s %12s%n", "operation", "median µs", "min µs", "max µs");
        for (Map.Entry<String, Callable<Object>> op : ops.entrySet()) {
            Callable<Object> call = op.getValue();
            long sink = 0;
            long start = threads.getCurrentThreadCpuTime();
            int n = 0;
            while (threads.getCurrentThreadCpuTime() - start < 3_000_000_000L) { // ~3 s CPU warm-up
                sink += call.call().hashCode();
                n++;
            }
            int perRound = Math.max(1, n / 10);
            double[] rounds = new double[15];
            for (int r = 0; r < rounds.length; r++) {
                long t0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    sink += call.call().hashCode();
                }
                rounds[r] = (threads.getCurrentThreadCpuTime() - t0) / 1e3 / perRound;
            }
            Arrays.sort(rounds);
            System.out.printf("%-36s %12.1f %12.1f %12.1f%s%n", op.getKey(), rounds[rounds.length / 2], rounds[0],
                    rounds[rounds.length - 1], sink == 42 ? " " : "");
        }
    }
}
