package io.hashstream.bench;

import io.hashstream.code.BinaryCode;
import io.hashstream.index.FlatHammingIndex;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.MultiIndexHammingIndex;
import io.hashstream.index.Neighbor;
import io.hashstream.index.Substrings;
import java.util.List;
import java.util.SplittableRandom;
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
 * Radius-query latency of multi-index hashing against the flat scan, same data and same queries.
 * Each query is a stored code with ceil(r/2) bits flipped, so it has at least one true neighbour
 * (the near-duplicate lookup the pipeline does). The multi-index uses
 * {@link MultiIndexHammingIndex#defaultSubstrings(int, int, long)} for the radius and size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms5g", "-Xmx5g"})
public class RadiusQueryBenchmark {
    @Param({"flat", "multi-index"})
    public String index;

    @Param({"1000000", "10000000"})
    public int size;

    @Param({"64", "128"})
    public int bits;

    @Param({"uniform", "clustered"})
    public CodeDistribution distribution;

    @Param({"0", "2", "4", "7"})
    public int radius;

    private HammingIndex built;
    private BinaryCode[] queries;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        built = switch (index) {
            case "flat" -> new FlatHammingIndex(bits, size);
            case "multi-index" -> new MultiIndexHammingIndex(
                    new Substrings(bits, MultiIndexHammingIndex.defaultSubstrings(bits, radius, size)), size, true);
            default -> throw new IllegalArgumentException("unknown index " + index);
        };
        queries = new BinaryCode[1024];
        SplittableRandom pick = new SplittableRandom(7);
        int[] queryEntries = new int[queries.length];
        for (int i = 0; i < queryEntries.length; i++) {
            queryEntries[i] = pick.nextInt(size);
        }
        java.util.Arrays.sort(queryEntries);
        CodeDistribution.Generator codes = distribution.generator(bits, size, 1);
        for (int i = 0, q = 0; i < size; i++) {
            BinaryCode code = codes.next();
            built.add(i, code);
            while (q < queryEntries.length && queryEntries[q] == i) {
                queries[q++] = CodeDistribution.flip(code, (radius + 1) / 2, pick);
            }
        }
        shuffle(queries, pick);
    }

    @Benchmark
    public List<Neighbor> query() {
        return built.radiusSearch(queries[next++ & 1023], radius);
    }

    private static void shuffle(BinaryCode[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            BinaryCode t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
