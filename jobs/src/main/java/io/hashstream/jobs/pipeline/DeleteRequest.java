package io.hashstream.jobs.pipeline;

import java.util.Objects;

/** Remove image {@code id} of {@code tenant} from the index as of {@code eventTime}. */
public record DeleteRequest(EventRef ref, String tenant, String id, long eventTime) implements Ingested, IndexCommand {
    public DeleteRequest {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
    }
}
