package io.hashstream.bench;

import io.hashstream.index.FlatHammingIndex;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.MultiIndexHammingIndex;
import io.hashstream.index.Substrings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Retained heap per entry, measured: heap used after full GCs, before and after building an index
 * of N uniform codes (ids 0..N-1), divided by N; printed next to the index's own
 * {@code memoryBytes()} estimate. Not a JMH benchmark: it measures space, not time.
 *
 * <p>Usage: {@code java -XX:+UseParallelGC -Xmx8g -cp hashstream-benchmarks.jar io.hashstream.bench.MemoryFootprint [N]}
 */
public final class MemoryFootprint {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    public static void main(String[] args) throws InterruptedException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        System.out.println("| index | bits | m | entries | measured B/entry | memoryBytes() B/entry |");
        System.out.println("|---|---|---|---|---|---|");
        for (int bits : new int[] {64, 128}) {
            measure("flat", bits, 0, size, () -> new FlatHammingIndex(bits, size));
            int m = MultiIndexHammingIndex.defaultSubstrings(bits, size);
            measure("multi-index", bits, m, size, () -> new MultiIndexHammingIndex(new Substrings(bits, m), size, true));
        }
    }

    private static void measure(String name, int bits, int m, int size, Supplier<HammingIndex> factory)
            throws InterruptedException {
        long before = usedAfterGc();
        HammingIndex index = factory.get();
        CodeDistribution.Generator codes = CodeDistribution.uniform.generator(bits, size, 1);
        for (int i = 0; i < size; i++) {
            index.add(i, codes.next());
        }
        long after = usedAfterGc();
        double measured = (double) (after - before) / size;
        double estimated = (double) index.memoryBytes() / index.size();
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %,d | %.1f | %.1f |%n",
                name, bits, m == 0 ? "–" : Integer.toString(m), size, measured, estimated);
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
