package io.hashstream.bench;

import io.hashstream.index.FlatHammingIndex;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.MultiIndexHammingIndex;
import io.hashstream.index.Substrings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.function.Supplier;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap per entry of an index of N uniform codes (ids 0..N-1), three ways: heap used after
 * full GCs before and after building it, the deep size of its object graph (JOL), and the index's own
 * {@code memoryBytes()} estimate; each divided by N. Not a JMH benchmark: it measures space, not time.
 *
 * <p>Usage: {@code java -XX:+UseParallelGC -Xmx8g -cp hashstream-benchmarks.jar io.hashstream.bench.MemoryFootprint [N]}
 */
public final class MemoryFootprint {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    public static void main(String[] args) throws InterruptedException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        // a first, discarded round: class loading and JIT otherwise skew the first heap delta
        measure("warm-up", 64, 0, 200_000, () -> new FlatHammingIndex(64, 200_000), false);
        measure("warm-up", 64, 0, 200_000, () -> new MultiIndexHammingIndex(new Substrings(64, 3), 200_000, true), false);
        System.out.println("| index | bits | m | entries | heap delta B/entry | JOL deep size B/entry | memoryBytes() B/entry |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int bits : new int[] {64, 128}) {
            measure("flat", bits, 0, size, () -> new FlatHammingIndex(bits, size), true);
            int m = MultiIndexHammingIndex.defaultSubstrings(bits, size);
            measure("multi-index", bits, m, size, () -> new MultiIndexHammingIndex(new Substrings(bits, m), size, true), true);
        }
    }

    private static void measure(String name, int bits, int m, int size, Supplier<HammingIndex> factory, boolean print)
            throws InterruptedException {
        long before = usedAfterGc();
        HammingIndex index = factory.get();
        CodeDistribution.Generator codes = CodeDistribution.uniform.generator(bits, size, 1);
        for (int i = 0; i < size; i++) {
            index.add(i, codes.next());
        }
        long after = usedAfterGc();
        double measured = (double) (after - before) / size;
        double deep = (double) GraphLayout.parseInstance(index).totalSize() / size;
        double estimated = (double) index.memoryBytes() / index.size();
        if (print) {
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %,d | %.1f | %.1f | %.1f |%n",
                    name, bits, m == 0 ? "–" : Integer.toString(m), size, measured, deep, estimated);
        }
        index = null; // release before the next measurement
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
