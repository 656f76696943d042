package io.hashstream.event;

import java.util.Objects;

/** Removes the image {@code id} of {@code tenant} from the index; later images no longer match it. */
public record DeleteEvent(String id, String tenant, long eventTime) implements InputEvent {
    public DeleteEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
    }
}
