package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import java.util.Objects;

/** The id registry's entry: the code an id was indexed with, so a delete can find its buckets. */
public record Registration(String modelId, BinaryCode code, long eventTime) {
    public Registration {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(code, "code");
    }
}
