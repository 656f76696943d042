package io.hashstream.event;

/** Bounded, surrogate-safe text helpers for messages that may quote untrusted input. */
final class TextBounds {
    private TextBounds() {
    }

    /**
     * At most {@code maxChars} chars, ending in "..." when cut; never splits a surrogate pair.
     * Idempotent, so a bounded message survives a write/read round trip unchanged.
     */
    static String truncate(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        int end = Math.max(0, maxChars - 3);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "...";
    }

    /** A short quoted excerpt for messages, with control characters escaped. */
    static String excerpt(String s, int maxChars) {
        String cut = truncate(s, maxChars);
        StringBuilder b = new StringBuilder(cut.length() + 2).append('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) && !isPaired(cut, i)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static boolean isPaired(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
