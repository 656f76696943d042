package io.hashstream.bench;

import io.hashstream.code.BinaryCode;
import io.hashstream.index.FlatHammingIndex;
import io.hashstream.index.Neighbor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Flat-scan throughput: one radius-0 query over {@code size} uniform codes, single thread. A
 * uniformly random query has no neighbour, so the time is the pure XOR + POPCNT scan; codes/s/core =
 * size / time per query (HammingResultsTable computes it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class FlatScanBenchmark {
    @Param({"64", "128", "256"})
    public int bits;

    @Param({"1000000", "10000000"})
    public int size;

    private FlatHammingIndex index;
    private BinaryCode[] queries;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        index = new FlatHammingIndex(bits, size);
        CodeDistribution.Generator codes = CodeDistribution.uniform.generator(bits, size, 1);
        for (int i = 0; i < size; i++) {
            index.add(i, codes.next());
        }
        queries = new BinaryCode[64];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = codes.next();
        }
    }

    @Benchmark
    public List<Neighbor> scan() {
        return index.radiusSearch(queries[next++ & 63], 0);
    }
}
