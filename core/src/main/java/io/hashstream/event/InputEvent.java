package io.hashstream.event;

/** A record of the input topic: an image to index and match, or the deletion of an earlier image. */
public sealed interface InputEvent permits ImageEvent, DeleteEvent {
    /** Tenant used when an event names none. */
    String DEFAULT_TENANT = "default";

    String id();

    String tenant();

    /** Event time, epoch milliseconds. */
    long eventTime();
}
