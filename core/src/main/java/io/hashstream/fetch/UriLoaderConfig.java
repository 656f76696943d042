package io.hashstream.fetch;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What {@link UriImageLoader} may fetch. Everything is denied unless listed.
 *
 * @param allowedSchemes        lowercase schemes among {@code file}, {@code http}, {@code https}
 * @param allowedHosts          for http(s): exact host names ({@code images.example.com}), subdomain
 *                              wildcards ({@code *.example.com}, not the apex) or {@code *} for any host;
 *                              IP literals must be listed exactly (IPv6 without brackets)
 * @param allowedRoots          for {@code file:}: directories whose files may be read
 * @param allowInternalAddresses fetch from loopback/private/link-local/... addresses too
 *                              (see {@link AddressPolicy}); for tests and trusted internal stores only
 * @param connectTimeout        TCP (and TLS) connect timeout
 * @param readTimeout           longest wait for the response or for any single read of the body
 * @param totalTimeout          deadline for the whole load including redirects; a body trickling in
 *                              is cut off at most one {@code readTimeout} after it
 * @param maxBytes              largest image accepted; larger bodies are refused as soon as the cap is passed
 * @param maxRedirects          redirects followed (each re-checked against this config); 0 = none
 */
public record UriLoaderConfig(
        Set<String> allowedSchemes,
        Set<String> allowedHosts,
        List<Path> allowedRoots,
        boolean allowInternalAddresses,
        Duration connectTimeout,
        Duration readTimeout,
        Duration totalTimeout,
        int maxBytes,
        int maxRedirects) {

    public static final Set<String> SUPPORTED_SCHEMES = Set.of("file", "http", "https");

    /** Setting keys for {@link #toMap()} / {@link #with(Map)}; lists are comma-separated. */
    public static final String SCHEMES = "uri-schemes";
    public static final String HOSTS = "uri-hosts";
    public static final String ROOTS = "uri-roots";
    public static final String ALLOW_INTERNAL = "uri-allow-internal-addresses";
    public static final String CONNECT_TIMEOUT_MS = "uri-connect-timeout-ms";
    public static final String READ_TIMEOUT_MS = "uri-read-timeout-ms";
    public static final String TOTAL_TIMEOUT_MS = "uri-total-timeout-ms";
    public static final String MAX_BYTES = "uri-max-bytes";
    public static final String MAX_REDIRECTS = "uri-max-redirects";
    public static final List<String> KEYS = List.of(SCHEMES, HOSTS, ROOTS, ALLOW_INTERNAL, CONNECT_TIMEOUT_MS,
            READ_TIMEOUT_MS, TOTAL_TIMEOUT_MS, MAX_BYTES, MAX_REDIRECTS);

    public UriLoaderConfig {
        allowedSchemes = allowedSchemes.stream().map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        for (String s : allowedSchemes) {
            if (!SUPPORTED_SCHEMES.contains(s)) {
                throw new IllegalArgumentException("unsupported scheme " + s + "; supported: " + SUPPORTED_SCHEMES);
            }
        }
        allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        allowedRoots = List.copyOf(allowedRoots);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()
                || totalTimeout.isNegative() || totalTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive (zero would mean wait forever)");
        }
        if (maxBytes <= 0 || maxRedirects < 0) {
            throw new IllegalArgumentException("maxBytes must be > 0 and maxRedirects >= 0");
        }
    }

    /** Denies everything; start here and allow what a deployment needs. */
    public static UriLoaderConfig denyAll() {
        return new UriLoaderConfig(Set.of(), Set.of(), List.of(), false, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 16 * 1024 * 1024, 3);
    }

    public UriLoaderConfig withSchemes(String... schemes) {
        return new UriLoaderConfig(Set.of(schemes), allowedHosts, allowedRoots, allowInternalAddresses,
                connectTimeout, readTimeout, totalTimeout, maxBytes, maxRedirects);
    }

    public UriLoaderConfig withHosts(String... hosts) {
        return new UriLoaderConfig(allowedSchemes, Set.of(hosts), allowedRoots, allowInternalAddresses,
                connectTimeout, readTimeout, totalTimeout, maxBytes, maxRedirects);
    }

    public UriLoaderConfig withRoots(Path... roots) {
        return new UriLoaderConfig(allowedSchemes, allowedHosts, List.of(roots), allowInternalAddresses,
                connectTimeout, readTimeout, totalTimeout, maxBytes, maxRedirects);
    }

    public UriLoaderConfig withInternalAddresses(boolean allow) {
        return new UriLoaderConfig(allowedSchemes, allowedHosts, allowedRoots, allow,
                connectTimeout, readTimeout, totalTimeout, maxBytes, maxRedirects);
    }

    public UriLoaderConfig withTimeouts(Duration connect, Duration read, Duration total) {
        return new UriLoaderConfig(allowedSchemes, allowedHosts, allowedRoots, allowInternalAddresses,
                connect, read, total, maxBytes, maxRedirects);
    }

    public UriLoaderConfig withMaxBytes(int bytes) {
        return new UriLoaderConfig(allowedSchemes, allowedHosts, allowedRoots, allowInternalAddresses,
                connectTimeout, readTimeout, totalTimeout, bytes, maxRedirects);
    }

    public UriLoaderConfig withMaxRedirects(int redirects) {
        return new UriLoaderConfig(allowedSchemes, allowedHosts, allowedRoots, allowInternalAddresses,
                connectTimeout, readTimeout, totalTimeout, maxBytes, redirects);
    }

    /** Every setting as {@code key -> value}; {@code denyAll().with(c.toMap()).equals(c)}. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SCHEMES, String.join(",", new TreeSet<>(allowedSchemes)));
        m.put(HOSTS, String.join(",", new TreeSet<>(allowedHosts)));
        m.put(ROOTS, allowedRoots.stream().map(Path::toString).collect(Collectors.joining(",")));
        m.put(ALLOW_INTERNAL, Boolean.toString(allowInternalAddresses));
        m.put(CONNECT_TIMEOUT_MS, Long.toString(connectTimeout.toMillis()));
        m.put(READ_TIMEOUT_MS, Long.toString(readTimeout.toMillis()));
        m.put(TOTAL_TIMEOUT_MS, Long.toString(totalTimeout.toMillis()));
        m.put(MAX_BYTES, Integer.toString(maxBytes));
        m.put(MAX_REDIRECTS, Integer.toString(maxRedirects));
        return m;
    }

    /** This configuration overridden by {@code settings} (keys from {@link #KEYS}; unknown keys are errors). */
    public UriLoaderConfig with(Map<String, String> settings) {
        Map<String, String> m = new LinkedHashMap<>(toMap());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown URI loader setting '" + e.getKey() + "'; known: " + KEYS);
            }
            m.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()).trim());
        }
        try {
            return new UriLoaderConfig(Set.copyOf(list(m.get(SCHEMES))), Set.copyOf(list(m.get(HOSTS))),
                    list(m.get(ROOTS)).stream().map(Paths::get).toList(), parseFlag(m.get(ALLOW_INTERNAL)),
                    Duration.ofMillis(Long.parseLong(m.get(CONNECT_TIMEOUT_MS))),
                    Duration.ofMillis(Long.parseLong(m.get(READ_TIMEOUT_MS))),
                    Duration.ofMillis(Long.parseLong(m.get(TOTAL_TIMEOUT_MS))),
                    Integer.parseInt(m.get(MAX_BYTES)), Integer.parseInt(m.get(MAX_REDIRECTS)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed number in URI loader settings: " + e.getMessage(), e);
        }
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** {@code true} or {@code false} in any case, nothing else (Boolean.parseBoolean takes any other word as false). */
    public static boolean parseFlag(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + v + "'");
        };
    }

    /** Whether http(s) requests to {@code host} (lowercase, no brackets) are allowed. */
    public boolean hostAllowed(String host) {
        if (allowedHosts.contains("*") || allowedHosts.contains(host)) {
            return true;
        }
        for (String pattern : allowedHosts) {
            if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1))) {
                return true;
            }
        }
        return false;
    }
}
