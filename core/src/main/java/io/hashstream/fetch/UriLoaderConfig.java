package io.hashstream.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
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
