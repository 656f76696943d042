package io.hashstream.fetch;

import io.hashstream.event.RejectReason;

/** Why an image could not be loaded from its URI. Each constant has a distinct, stable code. */
public enum UriRejectReason implements RejectReason {
    /** Not an absolute URI the loader understands. */
    INVALID("uri.invalid"),
    /** The scheme (or a redirect's scheme) is not in the allowlist. */
    DISALLOWED_SCHEME("uri.disallowed_scheme"),
    /** The host (or a redirect's host) is not in the allowlist; for {@code file:}, any host but localhost. */
    DISALLOWED_HOST("uri.disallowed_host"),
    /** A {@code file:} path outside every allowed root directory (after normalization and symlinks). */
    DISALLOWED_PATH("uri.disallowed_path"),
    /** The host resolves to a loopback, private, link-local, multicast or otherwise internal address. */
    PRIVATE_ADDRESS("uri.private_address"),
    /** Connecting, waiting for the response, or reading the body took too long. */
    TIMEOUT("uri.timeout"),
    /** The body (or file) is larger than the configured cap. */
    TOO_LARGE("uri.too_large"),
    /** HTTP 404/410, an unknown host, or a missing / non-regular file. */
    NOT_FOUND("uri.not_found"),
    /** Any other non-2xx HTTP status. */
    HTTP_STATUS("uri.http_status"),
    /** More redirects than allowed (or a redirect without a usable Location). */
    TOO_MANY_REDIRECTS("uri.too_many_redirects"),
    /** Connection refused or reset, TLS failure, read error. */
    IO_ERROR("uri.io_error");

    private final String code;

    UriRejectReason(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
