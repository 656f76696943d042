package io.hashstream.event;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A refused input record, written to the dead-letter topic instead of a result.
 *
 * @param sourceTopic where the record came from
 * @param partition   its partition
 * @param offset      its offset
 * @param id          the event id when it was known and valid, else null
 * @param tenant      the tenant when it was known and valid, else null
 * @param reason      a reject code such as {@code event.invalid_json} or {@code image.too_many_pixels}
 * @param message     a short human explanation (bounded, see {@link #MAX_MESSAGE_CHARS})
 * @param rejectedAt  when it was refused, epoch milliseconds
 * @param rawSize     size of the Kafka value in bytes, or -1 when the value was null
 * @param rawExcerpt  base64 of at most the first {@link #MAX_EXCERPT_BYTES} bytes of the value, or null
 *                    when the value was null
 */
public record DeadLetter(
        String sourceTopic,
        int partition,
        long offset,
        String id,
        String tenant,
        String reason,
        String message,
        long rejectedAt,
        int rawSize,
        String rawExcerpt) {

    public static final int MAX_EXCERPT_BYTES = 256;
    public static final int MAX_MESSAGE_CHARS = 1024;

    public DeadLetter {
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0");
        }
        message = TextBounds.truncate(message, MAX_MESSAGE_CHARS);
        if (rawSize < -1) {
            throw new IllegalArgumentException("rawSize must be >= -1");
        }
        if ((rawSize == -1) != (rawExcerpt == null)) {
            throw new IllegalArgumentException("rawExcerpt is null exactly when the value was null (rawSize -1)");
        }
    }

    /** A dead letter for {@code raw} (the Kafka value, may be null), with a bounded excerpt of it. */
    public static DeadLetter of(String sourceTopic, int partition, long offset, String id, String tenant,
                                RejectReason reason, String message, long rejectedAt, byte[] raw) {
        return new DeadLetter(sourceTopic, partition, offset, id, tenant, reason.code(),
                message == null ? reason.code() : message, rejectedAt,
                raw == null ? -1 : raw.length, excerpt(raw));
    }

    /** A dead letter for a refused input event, carrying the id and tenant if they were known. */
    public static DeadLetter of(String sourceTopic, int partition, long offset, EventParseException e,
                                long rejectedAt, byte[] raw) {
        return of(sourceTopic, partition, offset, e.id(), e.tenant(), e.reason(), e.getMessage(), rejectedAt, raw);
    }

    /** The first bytes of the raw value, decoded from {@link #rawExcerpt}; empty when there was none. */
    public byte[] rawExcerptBytes() {
        return rawExcerpt == null ? new byte[0] : Base64.getDecoder().decode(rawExcerpt);
    }

    private static String excerpt(byte[] raw) {
        if (raw == null) {
            return null;
        }
        return Base64.getEncoder().encodeToString(Arrays.copyOf(raw, Math.min(raw.length, MAX_EXCERPT_BYTES)));
    }
}
