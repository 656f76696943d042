package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.BinaryCode;
import io.hashstream.index.Substrings;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class IndexRoutingTest {

    private static EncodedImage image(String id, BinaryCode code) {
        return new EncodedImage(new EventRef("images", 0, id.hashCode()), "t", id, 0L, 0L, "m", code);
    }

    private static Set<String> keys(List<ShardMessage> messages, boolean probing) {
        return messages.stream()
                .filter(m -> probing ? m.kind().answers() : m.kind().inserts())
                .map(ShardMessage::shardKey)
                .collect(Collectors.toSet());
    }

    /** Pigeonhole made concrete: a probe visits a bucket of every stored code within the radius. */
    @Test
    void everyCodeWithinTheRadiusSharesABucketWithTheProbe() {
        Random rnd = new Random(5);
        for (int bits : new int[] {64, 128}) {
            for (int radius = 0; radius <= 10; radius++) {
                for (int m : new int[] {0, 2, 3, 4, 5}) {
                    IndexRouting routing = new IndexRouting(radius, m);
                    int count = m == 0 ? IndexRouting.defaultSubstrings(bits, radius) : m;
                    if (IndexRouting.probes(new Substrings(bits, count), radius) > IndexRouting.MAX_PROBES_PER_IMAGE) {
                        assertThatThrownBy(() -> routing.layout(bits)).hasMessageContaining("substrings");
                        continue;
                    }
                    for (int trial = 0; trial < 30; trial++) {
                        BinaryCode q = TestCodes.random(rnd, bits);
                        BinaryCode c = TestCodes.near(rnd, q, rnd.nextInt(radius + 1));
                        List<ShardMessage> probe = routing.route(image("q", q));
                        Set<String> visited = keys(probe, true);
                        Set<String> stored = keys(routing.route(image("c", c)), false);
                        assertThat(visited).as("bits %d r %d m %d", bits, radius, m).containsAnyElementsOf(stored);
                        assertThat(probe.stream().filter(x -> x.kind().answers()).count())
                                .isEqualTo(probe.get(0).probe().expectedAnswers());
                        assertThat(stored).hasSize(routing.layout(bits).substringCount());
                    }
                }
            }
        }
    }

    @Test
    void defaultLayoutProbesOnlyOwnBucketsWhenRadiusIsBelowSubstringCount() {
        IndexRouting routing = new IndexRouting(6, 0);
        List<ShardMessage> msgs = routing.route(image("q", TestCodes.random(new Random(1), 64)));
        assertThat(routing.layout(64).substringCount()).isEqualTo(7);
        assertThat(msgs).hasSize(7).allMatch(m -> m.kind() == ShardMessage.Kind.PROBE_INSERT);
    }

    @Test
    void tenantsAndModelsNeverShareBuckets() {
        BinaryCode code = TestCodes.random(new Random(2), 64);
        IndexRouting routing = new IndexRouting(2, 0);
        Set<String> a = keys(routing.route(new EncodedImage(new EventRef("i", 0, 1), "a", "x", 0, 0, "m", code)), true);
        Set<String> b = keys(routing.route(new EncodedImage(new EventRef("i", 0, 2), "b", "x", 0, 0, "m", code)), true);
        Set<String> c = keys(routing.route(new EncodedImage(new EventRef("i", 0, 3), "a", "x", 0, 0, "m2", code)), true);
        Set<String> ab = new HashSet<>(a);
        ab.retainAll(b);
        Set<String> ac = new HashSet<>(a);
        ac.retainAll(c);
        assertThat(ab).isEmpty();
        assertThat(ac).isEmpty();
    }

    @Test
    void thePackedLayoutDefaultsToSixteenBitSubstrings() {
        assertThat(IndexRouting.packedDefaultSubstrings(64)).isEqualTo(4);
        assertThat(IndexRouting.packedDefaultSubstrings(128)).isEqualTo(8);
        assertThat(IndexRouting.packedDefaultSubstrings(8)).isEqualTo(1);
        assertThat(IndexRouting.forPackedShards(6, 0).layout(64).substringCount()).isEqualTo(4);
        assertThat(IndexRouting.forPackedShards(6, 5).layout(64).substringCount()).as("configured m wins").isEqualTo(5);
        assertThat(new IndexRouting(6, 0).layout(64).substringCount()).as("bucket layout: r + 1").isEqualTo(7);
    }
}
