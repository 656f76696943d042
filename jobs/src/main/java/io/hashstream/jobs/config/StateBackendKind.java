package io.hashstream.jobs.config;

/** Where keyed state (the index) lives. */
public enum StateBackendKind {
    /** Objects on the JVM heap: fastest, bounded by TaskManager memory. Flink's {@code hashmap}. */
    HEAP("hashmap"),
    /** RocksDB on local disk: for indices larger than memory. */
    ROCKSDB("rocksdb");

    private final String flinkName;

    StateBackendKind(String flinkName) {
        this.flinkName = flinkName;
    }

    /** The value of Flink's {@code state.backend.type}. */
    public String flinkName() {
        return flinkName;
    }
}
