package io.hashstream.event;

import io.hashstream.code.BinaryCode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatchResultTest {
    private static final BinaryCode CODE = BinaryCode.fromHex("00ff00ff00ff00ff");

    @Test
    void withoutMatchesTheImageIsItsOwnCluster() {
        assertThat(MatchResult.of("b", "t", 10, "m", CODE, List.of()).clusterId()).isEqualTo("b");
    }

    @Test
    void clusterIsTheEarliestMatchByEventTime() {
        List<Match> matches = List.of(new Match("x", 1, 8), new Match("y", 5, 3), new Match("z", 0, 9));
        MatchResult r = MatchResult.of("b", "t", 10, "m", CODE, matches);
        assertThat(r.clusterId()).isEqualTo("y");
        assertThat(r.matches()).extracting(Match::id).containsExactly("z", "x", "y"); // nearest first
    }

    @Test
    void equalEventTimesAreBrokenById() {
        List<Match> matches = List.of(new Match("q", 1, 3), new Match("p", 2, 3));
        assertThat(MatchResult.clusterIdOf("b", 10, matches)).isEqualTo("p");
        assertThat(MatchResult.clusterIdOf("a", 3, matches)).isEqualTo("a");
    }

    @Test
    void anImageEarlierThanAllItsMatchesIsItsOwnCluster() {
        // out-of-order arrival: the matches came first but happened later
        assertThat(MatchResult.clusterIdOf("b", 1, List.of(new Match("x", 1, 5)))).isEqualTo("b");
    }

    @Test
    void rejectsInconsistentCodes() {
        assertThatThrownBy(() -> new MatchResult("a", "t", 1, "m", "00ff", 64, List.of(), "a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatchResult("a", "t", 1, "m", "00FF00FF00FF00FF", 64, List.of(), "a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatchResult("a", "t", 1, "m", "00ff00ff00ff00ff", 64,
                List.of(new Match("x", 65, 1)), "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void jsonRoundTrips(@ForAll("results") MatchResult r) {
        assertThat(MatchResultJson.parse(MatchResultJson.write(r))).isEqualTo(r);
        assertThat(r.binaryCode().toHex()).isEqualTo(r.code());
    }

    @Provide
    Arbitrary<MatchResult> results() {
        return EventArbitraries.matchResults();
    }

    @Test
    void parseRefusesUnknownFieldsAndWrongTypes() {
        assertThatThrownBy(() -> MatchResultJson.parse("{\"id\":\"a\",\"extra\":1}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extra");
        assertThatThrownBy(() -> MatchResultJson.parse(("{\"id\":\"a\",\"tenant\":\"t\",\"eventTime\":\"1\","
                + "\"modelId\":\"m\",\"code\":\"00\",\"bits\":8,\"matches\":[],\"clusterId\":\"a\"}").getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventTime");
    }
}
