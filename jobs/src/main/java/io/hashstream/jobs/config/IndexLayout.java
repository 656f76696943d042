package io.hashstream.jobs.config;

/** How the job keeps its multi-index in keyed state (README, "Index layouts"). */
public enum IndexLayout {
    /** {@link #SHARDS} with the heap state backend, {@link #BUCKETS} with RocksDB. */
    AUTO,
    /**
     * One Flink key per multi-index bucket (tenant, model, table, substring value), plus an id registry
     * keyed by (tenant, id): every image stored once per table. Works with either state backend.
     */
    BUCKETS,
    /**
     * One Flink key per (tenant, shard), the shard chosen by a hash of the id, holding a packed
     * multi-index: every image stored once. Heap state backend only.
     */
    SHARDS
}
