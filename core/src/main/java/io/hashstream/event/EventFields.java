package io.hashstream.event;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import static io.hashstream.event.EventRejectReason.BAD_ATTRIBUTE;
import static io.hashstream.event.EventRejectReason.BAD_EVENT_TIME;
import static io.hashstream.event.EventRejectReason.BAD_ID;
import static io.hashstream.event.EventRejectReason.BAD_TENANT;
import static io.hashstream.event.EventRejectReason.BAD_URI;
import static io.hashstream.event.EventRejectReason.DISALLOWED_SCHEME;
import static io.hashstream.event.EventRejectReason.MISSING_ID;
import static io.hashstream.event.EventRejectReason.OVERSIZE_ATTRIBUTES;
import static io.hashstream.event.EventRejectReason.OVERSIZE_ID;

/**
 * Field rules shared by the JSON and raw decoders, so both wire formats accept exactly the same
 * values. The same rules are written down in {@code src/schemas/*.schema.json}.
 */
public final class EventFields {
    /** 9999-12-31T23:59:59.999Z: the largest event time accepted. */
    public static final long MAX_EVENT_TIME = 253_402_300_799_999L;
    /** Tenant syntax: an ASCII letter or digit, then up to 63 letters, digits, '.', '_' or '-'. */
    public static final int MAX_TENANT_CHARS = 64;
    private static final int EXCERPT_CHARS = 48;

    private EventFields() {
    }

    static String checkId(String id, EventLimits limits) throws EventParseException {
        if (id.isEmpty()) {
            throw new EventParseException(MISSING_ID, "id is empty");
        }
        if (id.length() > limits.maxIdChars() && id.codePointCount(0, id.length()) > limits.maxIdChars()) {
            throw new EventParseException(OVERSIZE_ID, "id has " + id.codePointCount(0, id.length())
                    + " characters, more than the limit of " + limits.maxIdChars());
        }
        String problem = controlOrBrokenSurrogate(id);
        if (problem != null) {
            throw new EventParseException(BAD_ID, "id " + problem + ": " + TextBounds.excerpt(id, EXCERPT_CHARS));
        }
        return id;
    }

    static String checkTenant(String tenant) throws EventParseException {
        if (!isValidTenant(tenant)) {
            throw new EventParseException(BAD_TENANT, "tenant must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got "
                    + TextBounds.excerpt(tenant, EXCERPT_CHARS));
        }
        return tenant;
    }

    public static boolean isValidTenant(String tenant) {
        int n = tenant.length();
        if (n == 0 || n > MAX_TENANT_CHARS || !isAsciiAlnum(tenant.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = tenant.charAt(i);
            if (!isAsciiAlnum(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    static long checkEventTime(long eventTime) throws EventParseException {
        if (eventTime < 0 || eventTime > MAX_EVENT_TIME) {
            throw new EventParseException(BAD_EVENT_TIME, "eventTime " + eventTime
                    + " is outside [0, " + MAX_EVENT_TIME + "] (epoch milliseconds up to year 9999)");
        }
        return eventTime;
    }

    /**
     * Checks syntax and scheme only; whether the host or path may actually be fetched is the URI
     * loader's decision ({@code io.hashstream.fetch.UriImageLoader}).
     */
    static String checkUri(String uri, EventLimits limits) throws EventParseException {
        if (uri.length() > limits.maxUriChars()) {
            throw new EventParseException(BAD_URI, "uri has " + uri.length() + " characters, more than the limit of "
                    + limits.maxUriChars());
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new EventParseException(BAD_URI, "uri must be printable ASCII without spaces (percent-encode"
                        + " other characters); bad character at position " + i);
            }
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new EventParseException(BAD_URI, "uri is not valid: " + e.getReason() + " at index " + e.getIndex());
        }
        if (parsed.getScheme() == null) {
            throw new EventParseException(BAD_URI, "uri must be absolute (file:, http: or https:)");
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "http", "https" -> {
                if (parsed.isOpaque() || parsed.getHost() == null) {
                    throw new EventParseException(BAD_URI, scheme + " uri needs a host name");
                }
                if (parsed.getRawUserInfo() != null) {
                    throw new EventParseException(BAD_URI, "uri must not carry credentials (user info)");
                }
            }
            case "file" -> {
                if (parsed.isOpaque() || parsed.getPath() == null || !parsed.getPath().startsWith("/")
                        || parsed.getPath().startsWith("//")) {
                    throw new EventParseException(BAD_URI, "file uri needs an absolute path, e.g. file:///data/a.jpg");
                }
                String authority = parsed.getRawAuthority();
                if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                    throw new EventParseException(BAD_URI, "file uri must not name a remote host");
                }
            }
            default -> throw new EventParseException(DISALLOWED_SCHEME, "uri scheme "
                    + TextBounds.excerpt(scheme, EXCERPT_CHARS) + " is not one of file, http, https");
        }
        return uri;
    }

    /** Accumulates attributes one by one, enforcing count, key and total size limits as it goes. */
    static final class AttributeBudget {
        private final EventLimits limits;
        private int count;
        private long bytes;

        AttributeBudget(EventLimits limits) {
            this.limits = limits;
        }

        void add(String key, String value) throws EventParseException {
            if (++count > limits.maxAttributes()) {
                throw new EventParseException(OVERSIZE_ATTRIBUTES, "more than " + limits.maxAttributes()
                        + " attributes");
            }
            checkAttributeKey(key, limits);
            String problem = brokenSurrogate(value);
            if (problem != null) {
                throw new EventParseException(BAD_ATTRIBUTE, "value of attribute "
                        + TextBounds.excerpt(key, EXCERPT_CHARS) + " " + problem);
            }
            bytes += utf8Length(key) + utf8Length(value);
            if (bytes > limits.maxAttributeBytes()) {
                throw new EventParseException(OVERSIZE_ATTRIBUTES, "attributes exceed " + limits.maxAttributeBytes()
                        + " UTF-8 bytes in total");
            }
        }
    }

    private static void checkAttributeKey(String key, EventLimits limits) throws EventParseException {
        if (key.isEmpty()) {
            throw new EventParseException(BAD_ATTRIBUTE, "attribute key is empty");
        }
        if (key.length() > limits.maxAttributeKeyChars()
                && key.codePointCount(0, key.length()) > limits.maxAttributeKeyChars()) {
            throw new EventParseException(BAD_ATTRIBUTE, "attribute key longer than "
                    + limits.maxAttributeKeyChars() + " characters: " + TextBounds.excerpt(key, EXCERPT_CHARS));
        }
        String problem = controlOrBrokenSurrogate(key);
        if (problem != null) {
            throw new EventParseException(BAD_ATTRIBUTE, "attribute key " + problem + ": "
                    + TextBounds.excerpt(key, EXCERPT_CHARS));
        }
    }

    /** Null when fine, else what is wrong: a C0/C1 control character or an unpaired surrogate. */
    private static String controlOrBrokenSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return "contains a control character at position " + i;
            }
        }
        return brokenSurrogate(s);
    }

    /** Unpaired surrogates cannot be encoded as UTF-8: writing such a string back out would fail. */
    private static String brokenSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate at position " + i;
            }
        }
        return null;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
