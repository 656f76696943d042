package io.hashstream.event;

/**
 * An input event was refused. The message is meant for humans and is bounded in length; it never
 * contains more than a short excerpt of the untrusted input. When the id (and tenant) had already been
 * read and validated before the failure, they are carried along for the dead letter.
 */
public final class EventParseException extends Exception {
    private static final int MAX_MESSAGE_CHARS = 512;

    private final EventRejectReason reason;
    private final String id;
    private final String tenant;

    public EventParseException(EventRejectReason reason, String message) {
        this(reason, message, null, null, null);
    }

    public EventParseException(EventRejectReason reason, String message, Throwable cause) {
        this(reason, message, cause, null, null);
    }

    private EventParseException(EventRejectReason reason, String message, Throwable cause, String id,
                                String tenant) {
        super(message == null ? null : TextBounds.truncate(message, MAX_MESSAGE_CHARS), cause);
        this.reason = reason;
        this.id = id;
        this.tenant = tenant;
    }

    public EventRejectReason reason() {
        return reason;
    }

    /** Shortcut for {@code reason().code()}. */
    public String code() {
        return reason.code();
    }

    /** The event's id if it was read and valid before the failure, else null. */
    public String id() {
        return id;
    }

    /** The event's tenant if it was read and valid before the failure, else null. */
    public String tenant() {
        return tenant;
    }

    /** A copy that also names the id and tenant known at the point of failure. */
    EventParseException withKnown(String knownId, String knownTenant) {
        EventParseException e = new EventParseException(reason, getMessage(), getCause(),
                id != null ? id : knownId, tenant != null ? tenant : knownTenant);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
