package io.hashstream.event;

/** Why an input event (JSON or raw mode) was refused. Each constant has a distinct, stable code. */
public enum EventRejectReason implements RejectReason {
    /** Null or zero-length value in JSON mode. */
    EMPTY("event.empty"),
    /** Not syntactically valid JSON (including invalid UTF-8 and trailing content). */
    INVALID_JSON("event.invalid_json"),
    /** Valid JSON, but the top-level value is not an object. */
    NOT_OBJECT("event.not_object"),
    /** A field that the event type does not define. */
    UNKNOWN_FIELD("event.unknown_field"),
    /** The same field twice in one object. */
    DUPLICATE_FIELD("event.duplicate_field"),
    /** A field has the wrong JSON type (e.g. a number where a string is required). */
    WRONG_TYPE("event.wrong_type"),
    /** The {@code type} discriminator names no known event type. */
    UNKNOWN_TYPE("event.unknown_type"),
    /** No id (absent, or empty string / empty Kafka key). */
    MISSING_ID("event.missing_id"),
    /** The id is longer than {@link EventLimits#maxIdChars()}. */
    OVERSIZE_ID("event.oversize_id"),
    /** The id contains control characters, unpaired surrogates or invalid UTF-8. */
    BAD_ID("event.bad_id"),
    /** The tenant does not match the tenant syntax. */
    BAD_TENANT("event.bad_tenant"),
    /** The event time is negative, beyond year 9999, or not a decimal integer (raw header). */
    BAD_EVENT_TIME("event.bad_event_time"),
    /** Too many attributes, or too many attribute bytes in total. */
    OVERSIZE_ATTRIBUTES("event.oversize_attributes"),
    /** An attribute key or value has invalid content (empty/overlong key, control characters, ...). */
    BAD_ATTRIBUTE("event.bad_attribute"),
    /** The inline image is not valid base64. */
    BAD_BASE64("event.bad_base64"),
    /** The URI is not a syntactically valid absolute URI (or carries credentials, or is too long). */
    BAD_URI("event.bad_uri"),
    /** The URI scheme is not one of {@code file}, {@code http}, {@code https}. */
    DISALLOWED_SCHEME("event.disallowed_scheme"),
    /** Both an inline image and a URI. */
    BOTH_IMAGE_AND_URI("event.both_image_and_uri"),
    /** Neither an inline image nor a URI (raw mode: a null value without a {@code uri} header). */
    NO_IMAGE("event.no_image"),
    /** The value is larger than {@link EventLimits#maxEventBytes()} or breaks a parser size limit. */
    TOO_LARGE("event.too_large");

    private final String code;

    EventRejectReason(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
