package io.hashstream.jobs.pipeline;

import java.util.Comparator;
import java.util.Objects;

/**
 * One message to one index bucket: bucket {@code shardKey} = (tenant, model, table, substring value).
 *
 * @param table the multi-index table (substring number) this bucket belongs to
 */
public record ShardMessage(Kind kind, String shardKey, int table, Probe probe) {

    /** What the bucket does with the image. */
    public enum Kind {
        /** Remove the image (a delete, or an id re-sent with a new code). Runs first among equal times. */
        DELETE,
        /** Answer with the earlier images within the radius, then store the image here (its exact bucket). */
        PROBE_INSERT,
        /** Answer only: a neighbouring substring value. */
        PROBE,
        /** Store only: a table that need not be probed at this radius. */
        INSERT;

        public boolean answers() {
            return this == PROBE_INSERT || this == PROBE;
        }

        public boolean inserts() {
            return this == PROBE_INSERT || this == INSERT;
        }
    }

    /** Deterministic processing order of the messages a bucket releases at one watermark. */
    public static final Comparator<ShardMessage> ORDER = (a, b) -> {
        int c = Probe.compareOrder(a.probe.eventTime(), a.probe.id(), b.probe.eventTime(), b.probe.id());
        if (c != 0) {
            return c;
        }
        c = a.kind.compareTo(b.kind);
        return c != 0 ? c : compareRequestKeys(a.probe.requestKey(), b.probe.requestKey());
    };

    /**
     * Request keys ({@code topic-partition@offset}) of one partition in offset order (a longer key has the
     * larger offset), so copies of one id at one time are applied in the order they were produced, as the
     * id registry sees them; keys of different partitions in any fixed order.
     */
    static int compareRequestKeys(String a, String b) {
        int c = Integer.compare(a.length(), b.length());
        return c != 0 ? c : a.compareTo(b);
    }

    public ShardMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(shardKey, "shardKey");
        Objects.requireNonNull(probe, "probe");
    }

    /** The bucket key: unambiguous for any tenant and model id (lengths prefix the free-text parts). */
    public static String shardKey(String tenant, String modelId, int table, long substringValue) {
        return tenant.length() + ":" + tenant + "|" + modelId.length() + ":" + modelId + "|" + table + "|"
                + Long.toHexString(substringValue);
    }
}
