package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import java.util.Objects;

/**
 * The part of an index message every shard and the gather need: which image, its code, and how many
 * shard answers make its result complete.
 *
 * @param requestKey unique per input record ({@link EventRef#key()}); the gather's key
 * @param expectedAnswers number of probing shard messages sent for this image (0 for a delete)
 */
public record Probe(
        String requestKey, String tenant, String id, long eventTime, long ingestMillis, String modelId,
        BinaryCode code, int expectedAnswers) {
    public Probe {
        Objects.requireNonNull(requestKey, "requestKey");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(code, "code");
    }

    /** Processing order inside a shard: event time, then id. */
    public static int compareOrder(long timeA, String idA, long timeB, String idB) {
        int c = Long.compare(timeA, timeB);
        return c != 0 ? c : idA.compareTo(idB);
    }
}
