package io.hashstream.training.data;

/** A data set that is not on this machine; the message says how to get it. */
public final class DatasetUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetUnavailableException(String message) {
        super(message);
    }
}
