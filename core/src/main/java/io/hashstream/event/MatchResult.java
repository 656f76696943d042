package io.hashstream.event;

import io.hashstream.code.BinaryCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The outcome for one image: its code under model {@code modelId} and the earlier images of the same
 * tenant within the match radius.
 *
 * @param code      the code as lowercase hex ({@link BinaryCode#toHex()}), {@code bits / 4} digits
 * @param matches   matching images, nearest first (see {@link #of})
 * @param clusterId id of the earliest image among this one and its matches (see {@link #clusterIdOf})
 */
public record MatchResult(
        String id,
        String tenant,
        long eventTime,
        String modelId,
        String code,
        int bits,
        List<Match> matches,
        String clusterId) {

    /** Nearest first; equal distances by id so the order is deterministic. */
    public static final Comparator<Match> NEAREST_FIRST =
            Comparator.comparingInt(Match::distance).thenComparing(Match::id);

    public MatchResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(clusterId, "clusterId");
        BinaryCode.checkBits(bits);
        if (code.length() != bits / 4 || !isLowerHex(code)) {
            throw new IllegalArgumentException("code must be " + bits / 4 + " lowercase hex digits for "
                    + bits + " bits");
        }
        matches = List.copyOf(matches);
        for (Match m : matches) {
            if (m.distance() > bits) {
                throw new IllegalArgumentException("match distance " + m.distance() + " exceeds " + bits + " bits");
            }
        }
    }

    /** Builds a result with matches sorted {@link #NEAREST_FIRST} and the cluster id derived from them. */
    public static MatchResult of(String id, String tenant, long eventTime, String modelId, BinaryCode code,
                                 List<Match> matches) {
        List<Match> sorted = new ArrayList<>(matches);
        sorted.sort(NEAREST_FIRST);
        return new MatchResult(id, tenant, eventTime, modelId, code.toHex(), code.bits(), sorted,
                clusterIdOf(id, eventTime, matches));
    }

    /**
     * The earliest image, by event time and then by id, among the image itself and its matches: with no
     * matches that is the image itself; with in-order arrival it is the earliest match.
     */
    public static String clusterIdOf(String id, long eventTime, List<Match> matches) {
        String bestId = id;
        long bestTime = eventTime;
        for (Match m : matches) {
            if (m.eventTime() < bestTime || (m.eventTime() == bestTime && m.id().compareTo(bestId) < 0)) {
                bestId = m.id();
                bestTime = m.eventTime();
            }
        }
        return bestId;
    }

    public BinaryCode binaryCode() {
        return BinaryCode.fromHex(code);
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
