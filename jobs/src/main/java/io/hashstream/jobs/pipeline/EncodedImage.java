package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import java.util.Objects;

/** An image with its code under model {@code modelId}. */
public record EncodedImage(
        EventRef ref, String tenant, String id, long eventTime, long ingestMillis, String modelId, BinaryCode code)
        implements IndexCommand {
    public EncodedImage {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(code, "code");
    }
}
