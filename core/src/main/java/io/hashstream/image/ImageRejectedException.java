package io.hashstream.image;

import java.util.Objects;

/** An image refused by {@link SafeImageDecoder}, with a typed {@link ImageRejectReason}. */
public final class ImageRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ImageRejectReason reason;

    public ImageRejectedException(ImageRejectReason reason, String message) {
        this(reason, message, null);
    }

    public ImageRejectedException(ImageRejectReason reason, String message, Throwable cause) {
        super(reason.code() + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ImageRejectReason reason() {
        return reason;
    }

    /** Shorthand for {@code reason().code()}. */
    public String code() {
        return reason.code();
    }
}
