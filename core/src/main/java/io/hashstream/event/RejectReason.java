package io.hashstream.event;

/**
 * A typed reason for refusing an input. Every reject enum in HashStream implements this so that a
 * dead letter can carry a stable, machine-readable code of the form {@code <area>.<snake_case>}.
 */
public interface RejectReason {
    /** Stable code, e.g. {@code event.invalid_json}; never changes once released. */
    String code();
}
