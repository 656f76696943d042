package io.hashstream.event;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An image to hash and match: exactly one of inline {@code image} bytes or a {@code uri}
 * ({@code file:}, {@code http:}, {@code https:}) to load it from.
 *
 * <p>The record takes ownership of the {@code image} array without copying it (images are large and
 * pass through several operators); nobody may mutate the array afterwards. Attributes are copied into
 * an unmodifiable, key-sorted map so iteration order (and hence serialized form) is deterministic.
 *
 * <p>Construction checks structure only (non-null, exactly one image source). Size and syntax limits
 * of untrusted input are enforced by the decoders ({@link InputEventJson}, {@link RawEventDecoder}).
 *
 * @param image inline image bytes, or null when {@code uri} is set
 * @param uri   absolute URI of the image, or null when {@code image} is set
 */
public record ImageEvent(
        String id,
        String tenant,
        long eventTime,
        byte[] image,
        String uri,
        Map<String, String> attributes) implements InputEvent {

    public ImageEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        if ((image == null) == (uri == null)) {
            throw new IllegalArgumentException("exactly one of image bytes or uri is required");
        }
        attributes = sortedCopy(attributes);
    }

    public static ImageEvent inline(String id, String tenant, long eventTime, byte[] image,
                                    Map<String, String> attributes) {
        return new ImageEvent(id, tenant, eventTime, Objects.requireNonNull(image, "image"), null, attributes);
    }

    public static ImageEvent ofUri(String id, String tenant, long eventTime, String uri,
                                   Map<String, String> attributes) {
        return new ImageEvent(id, tenant, eventTime, null, Objects.requireNonNull(uri, "uri"), attributes);
    }

    public boolean hasInlineImage() {
        return image != null;
    }

    private static SortedMap<String, String> sortedCopy(Map<String, String> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, String> copy = new TreeMap<>();
        attributes.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "attribute key"),
                Objects.requireNonNull(v, "attribute value")));
        return Collections.unmodifiableSortedMap(copy);
    }

    // Arrays compare by content: two events are equal when they carry the same bytes.
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageEvent e
                && eventTime == e.eventTime
                && id.equals(e.id)
                && tenant.equals(e.tenant)
                && Arrays.equals(image, e.image)
                && Objects.equals(uri, e.uri)
                && attributes.equals(e.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, tenant, eventTime, Arrays.hashCode(image), uri, attributes);
    }

    @Override
    public String toString() {
        String source = image != null ? "image=" + image.length + " bytes" : "uri=" + uri;
        return "ImageEvent[id=" + id + ", tenant=" + tenant + ", eventTime=" + eventTime + ", " + source
                + ", attributes=" + attributes + "]";
    }
}
