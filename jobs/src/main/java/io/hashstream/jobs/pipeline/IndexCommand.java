package io.hashstream.jobs.pipeline;

/** What reaches the id registry after encoding: an encoded image to index, or a delete. */
public sealed interface IndexCommand permits EncodedImage, DeleteRequest {
    EventRef ref();

    String tenant();

    String id();

    long eventTime();

    /** The registry's key: one registry entry per (tenant, id). */
    default String registryKey() {
        return tenant().length() + ":" + tenant() + "/" + id();
    }
}
