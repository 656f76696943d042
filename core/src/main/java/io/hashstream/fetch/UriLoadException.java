package io.hashstream.fetch;

/** An image could not be loaded from its URI; {@link #reason()} says why. */
public final class UriLoadException extends Exception {
    private final UriRejectReason reason;

    public UriLoadException(UriRejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public UriLoadException(UriRejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public UriRejectReason reason() {
        return reason;
    }

    public String code() {
        return reason.code();
    }
}
