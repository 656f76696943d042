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

    /** The tenant in a {@link #registryKey()}. */
    static String tenantOf(String registryKey) {
        int colon = registryKey.indexOf(':');
        return registryKey.substring(colon + 1, colon + 1 + Integer.parseInt(registryKey.substring(0, colon)));
    }

    /** The id in a {@link #registryKey()}. */
    static String idOf(String registryKey) {
        int colon = registryKey.indexOf(':');
        return registryKey.substring(colon + 2 + Integer.parseInt(registryKey.substring(0, colon)));
    }
}
