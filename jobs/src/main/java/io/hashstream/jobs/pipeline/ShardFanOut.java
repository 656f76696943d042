package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.util.Collector;

/**
 * The {@code shards} index layout's routing: a tenant's images are spread over {@code shards} index
 * shards by a hash of the image id, so an id always lands in the same shard, which can therefore
 * replace and delete it without a registry. An image is stored in its own shard and probes every shard
 * of its tenant; a delete goes to the id's shard only.
 */
public final class ShardFanOut implements FlatMapFunction<IndexCommand, ShardMessage> {
    private static final long serialVersionUID = 1L;
    /** A delete names no model or code; its probe carries these, and no shard reads them. */
    private static final BinaryCode NO_CODE = BinaryCode.ofWords(BinaryCode.MIN_BITS, new long[1]);

    /**
     * Flink's key groups when the job sets no max parallelism and runs at parallelism ≤ 85 (what the
     * job does): shard keys are chosen to fall in evenly spaced key groups, so a tenant's shards
     * spread evenly over any parallelism that divides the shard count. Only balance depends on it.
     */
    static final int KEY_GROUPS = 128;

    private final int shards;
    private transient Map<String, String[]> keysByTenant;

    public ShardFanOut(int shards) {
        if (shards < 1 || shards > Short.MAX_VALUE) {
            throw new IllegalArgumentException("shards must be in [1, " + Short.MAX_VALUE + "], got " + shards);
        }
        this.shards = shards;
    }

    @Override
    public void flatMap(IndexCommand command, Collector<ShardMessage> out) {
        int own = shardOf(command.id(), shards);
        if (command instanceof EncodedImage image) {
            Probe probe = new Probe(image.ref().key(), image.tenant(), image.id(), image.eventTime(),
                    image.ingestMillis(), image.modelId(), image.code(), shards);
            for (int s = 0; s < shards; s++) {
                ShardMessage.Kind kind = s == own ? ShardMessage.Kind.PROBE_INSERT : ShardMessage.Kind.PROBE;
                out.collect(new ShardMessage(kind, keys(image.tenant())[s], s, probe));
            }
        } else {
            DeleteRequest delete = (DeleteRequest) command;
            Probe probe = new Probe(delete.ref().key(), delete.tenant(), delete.id(), delete.eventTime(), 0L, "",
                    NO_CODE, 0);
            out.collect(new ShardMessage(ShardMessage.Kind.DELETE, keys(delete.tenant())[own], own, probe));
        }
    }

    /** The shard of an id: stable across JVMs and versions ({@code String.hashCode} is specified). */
    public static int shardOf(String id, int shards) {
        return Math.floorMod(PackedMultiIndex.fmix(id.hashCode()), shards);
    }

    private String[] keys(String tenant) {
        if (keysByTenant == null) {
            keysByTenant = new HashMap<>();
        }
        return keysByTenant.computeIfAbsent(tenant, t -> shardKeys(t, shards));
    }

    /**
     * The tenant's shard keys: unambiguous for any tenant (its length prefixes it), and shard s's key in
     * key group (2s + 1) · 128 / (2 · shards), found by trying salts in order (so always the same key).
     */
    public static String[] shardKeys(String tenant, int shards) {
        String[] keys = new String[shards];
        String base = tenant.length() + ":" + tenant + "#";
        for (int s = 0; s < shards; s++) {
            int group = (int) ((2L * s + 1) * KEY_GROUPS / (2L * shards));
            String key = base + s;
            for (int salt = 1; KeyGroupRangeAssignment.assignToKeyGroup(key, KEY_GROUPS) != group; salt++) {
                key = base + s + "~" + salt;
            }
            keys[s] = key;
        }
        return keys;
    }
}
