package io.hashstream.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.hashstream.fetch.UriRejectReason.DISALLOWED_HOST;
import static io.hashstream.fetch.UriRejectReason.DISALLOWED_PATH;
import static io.hashstream.fetch.UriRejectReason.DISALLOWED_SCHEME;
import static io.hashstream.fetch.UriRejectReason.HTTP_STATUS;
import static io.hashstream.fetch.UriRejectReason.INVALID;
import static io.hashstream.fetch.UriRejectReason.IO_ERROR;
import static io.hashstream.fetch.UriRejectReason.NOT_FOUND;
import static io.hashstream.fetch.UriRejectReason.PRIVATE_ADDRESS;
import static io.hashstream.fetch.UriRejectReason.TIMEOUT;
import static io.hashstream.fetch.UriRejectReason.TOO_LARGE;
import static io.hashstream.fetch.UriRejectReason.TOO_MANY_REDIRECTS;

/**
 * Loads image bytes from {@code file:}, {@code http:} and {@code https:} URIs under a deny-by-default
 * {@link UriLoaderConfig}: allowlisted schemes, hosts and file roots; connect, read and total timeouts;
 * a size cap enforced while streaming; redirects followed by hand and re-checked hop by hop.
 *
 * <p><b>SSRF.</b> Before each request the host is resolved and every address checked with
 * {@link AddressPolicy}; if any one is internal the request is refused. The connection then resolves
 * the name again. Both lookups go through the JVM's positive DNS cache, so they see the same answer
 * unless the entry expires in between; a DNS-rebinding attacker who controls an allowlisted name's DNS
 * could exploit that window. Keep {@code networkaddress.cache.ttl} above zero (the default is 30 s),
 * allowlist only names you control, and back this with network egress rules.
 *
 * <p>Requests go direct (no proxy), send no cookies or credentials, and are blocking: call from a
 * thread that may block (e.g. a Flink async I/O pool). Stateless and thread-safe.
 */
public final class UriImageLoader {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final UriLoaderConfig config;
    /** Roots as configured (absolute, normalized) and as real paths: a root may itself be behind a symlink. */
    private final List<Path> lexicalRoots;
    private final List<Path> realRoots;

    public UriImageLoader(UriLoaderConfig config) {
        this.config = config;
        List<Path> lexical = new ArrayList<>();
        List<Path> real = new ArrayList<>();
        for (Path root : config.allowedRoots()) {
            try {
                real.add(root.toRealPath());
                lexical.add(root.toAbsolutePath().normalize());
            } catch (IOException e) {
                throw new IllegalArgumentException("allowed root " + root + " is not an existing directory", e);
            }
        }
        this.lexicalRoots = List.copyOf(lexical);
        this.realRoots = List.copyOf(real);
    }

    public UriLoaderConfig config() {
        return config;
    }

    public byte[] load(String uri) throws UriLoadException {
        try {
            return load(new URI(uri));
        } catch (URISyntaxException e) {
            throw new UriLoadException(INVALID, "not a valid URI: " + e.getReason());
        }
    }

    public byte[] load(URI uri) throws UriLoadException {
        String scheme = scheme(uri);
        if (scheme.equals("file")) {
            return loadFile(uri);
        }
        return loadHttp(uri, System.nanoTime() + config.totalTimeout().toNanos());
    }

    private String scheme(URI uri) throws UriLoadException {
        if (!uri.isAbsolute()) {
            throw new UriLoadException(INVALID, "URI must be absolute");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!config.allowedSchemes().contains(scheme)) {
            throw new UriLoadException(DISALLOWED_SCHEME, "scheme " + scheme + " is not allowed (allowed: "
                    + config.allowedSchemes() + ")");
        }
        return scheme;
    }

    // ---- file: ---------------------------------------------------------------------------------

    private byte[] loadFile(URI uri) throws UriLoadException {
        if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw new UriLoadException(INVALID, "file URI needs an absolute path, e.g. file:///data/a.jpg");
        }
        String authority = uri.getRawAuthority();
        if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
            throw new UriLoadException(DISALLOWED_HOST, "file URI must not name a remote host");
        }
        Path path;
        try {
            path = Paths.get(uri.getPath()).normalize();
        } catch (RuntimeException e) {
            throw new UriLoadException(INVALID, "not a usable file path");
        }
        // lexical check first: refuse paths outside the roots without touching the file system,
        // so the loader cannot be used to probe which files exist elsewhere
        if (!under(path, lexicalRoots) && !under(path, realRoots)) {
            throw new UriLoadException(DISALLOWED_PATH, "path is outside the allowed directories");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new UriLoadException(NOT_FOUND, "no such file");
        } catch (IOException e) {
            throw new UriLoadException(IO_ERROR, "cannot resolve path: " + e.getClass().getSimpleName());
        }
        if (!under(real, realRoots)) { // a symlink inside a root pointing outside it
            throw new UriLoadException(DISALLOWED_PATH, "path leads outside the allowed directories");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new UriLoadException(NOT_FOUND, "not a regular file");
        }
        try (InputStream in = Files.newInputStream(real)) {
            if (Files.size(real) > config.maxBytes()) {
                throw new UriLoadException(TOO_LARGE, "file is larger than " + config.maxBytes() + " bytes");
            }
            return readCapped(in, -1, Long.MAX_VALUE);
        } catch (NoSuchFileException e) {
            throw new UriLoadException(NOT_FOUND, "no such file");
        } catch (IOException e) {
            throw new UriLoadException(IO_ERROR, "cannot read file: " + e.getClass().getSimpleName());
        }
    }

    private static boolean under(Path path, List<Path> roots) {
        for (Path root : roots) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    // ---- http(s): --------------------------------------------------------------------------------

    private byte[] loadHttp(URI first, long deadline) throws UriLoadException {
        URI uri = first;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = open(uri, deadline);
            try {
                int status = status(connection);
                if (isRedirect(status)) {
                    if (redirects >= config.maxRedirects()) {
                        throw new UriLoadException(TOO_MANY_REDIRECTS, "more than " + config.maxRedirects()
                                + " redirects");
                    }
                    uri = redirectTarget(uri, connection.getHeaderField("Location"));
                    scheme(uri); // a redirect may not switch to a disallowed scheme (e.g. file:)
                    if (uri.getScheme().equalsIgnoreCase("file")) {
                        throw new UriLoadException(DISALLOWED_SCHEME, "redirect to a file: URI");
                    }
                    continue;
                }
                if (status == 404 || status == 410) {
                    throw new UriLoadException(NOT_FOUND, "HTTP " + status);
                }
                if (status < 200 || status > 299) {
                    throw new UriLoadException(HTTP_STATUS, "HTTP " + status);
                }
                long length = connection.getContentLengthLong();
                if (length > config.maxBytes()) {
                    throw new UriLoadException(TOO_LARGE, "Content-Length " + length + " is over the cap of "
                            + config.maxBytes() + " bytes");
                }
                try (InputStream in = connection.getInputStream()) {
                    return readCapped(in, length, deadline);
                }
            } catch (SocketTimeoutException e) {
                throw new UriLoadException(TIMEOUT, "timed out: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UriLoadException(IO_ERROR, "I/O error: " + e.getClass().getSimpleName(), e);
            } finally {
                connection.disconnect(); // never reuse a connection we may have abandoned mid-body
            }
        }
    }

    private HttpURLConnection open(URI uri, long deadline) throws UriLoadException {
        String host = uri.getHost();
        if (uri.isOpaque() || host == null || host.isEmpty()) {
            throw new UriLoadException(INVALID, "http URI needs a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UriLoadException(INVALID, "URI must not carry credentials");
        }
        host = normalizeHost(host);
        if (!config.hostAllowed(host)) {
            throw new UriLoadException(DISALLOWED_HOST, "host " + host + " is not allowed");
        }
        checkAddresses(host);
        long remainingMillis = remainingMillis(deadline);
        try {
            HttpURLConnection c = (HttpURLConnection) connectionUrl(uri, host).openConnection(Proxy.NO_PROXY);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setAllowUserInteraction(false);
            c.setConnectTimeout(clampMillis(config.connectTimeout().toMillis(), remainingMillis));
            c.setReadTimeout(clampMillis(config.readTimeout().toMillis(), remainingMillis));
            c.setRequestProperty("Accept", "image/*");
            return c;
        } catch (IllegalArgumentException | IOException e) {
            throw new UriLoadException(INVALID, "cannot open " + host + ": " + e.getClass().getSimpleName());
        }
    }

    private void checkAddresses(String host) throws UriLoadException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UriLoadException(NOT_FOUND, "unknown host " + host);
        }
        if (config.allowInternalAddresses()) {
            return;
        }
        for (InetAddress a : addresses) {
            if (AddressPolicy.isInternal(a)) {
                throw new UriLoadException(PRIVATE_ADDRESS, "host " + host + " resolves to internal address "
                        + a.getHostAddress());
            }
        }
    }

    private static int status(HttpURLConnection c) throws IOException, UriLoadException {
        try {
            return c.getResponseCode();
        } catch (java.net.ConnectException e) {
            throw new UriLoadException(IO_ERROR, "connection failed: " + e.getMessage());
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI from, String location) throws UriLoadException {
        if (location == null || location.isEmpty()) {
            throw new UriLoadException(TOO_MANY_REDIRECTS, "redirect without a Location header");
        }
        try {
            return from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UriLoadException(INVALID, "redirect to an invalid URI");
        }
    }

    /**
     * The URL to connect to: {@code uri} with the host exactly as {@link #checkAddresses} resolved it.
     * The JVM caches lookups by the host string, so connecting with another spelling of the name
     * ({@code Evil.example}, {@code evil.example.}) would resolve it afresh, and a DNS server answering
     * the second lookup with an internal address would get past the check.
     */
    static URL connectionUrl(URI uri, String checkedHost) throws MalformedURLException {
        String file = (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        // URL adds the brackets of an IPv6 literal itself.
        return new URL(uri.getScheme(), checkedHost, uri.getPort(), file);
    }

    private static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    // ---- shared --------------------------------------------------------------------------------

    /** Reads at most maxBytes, failing as soon as one more byte arrives or the deadline passes. */
    private byte[] readCapped(InputStream in, long declaredLength, long deadline) throws IOException, UriLoadException {
        int cap = config.maxBytes();
        int initial = declaredLength >= 0 ? (int) Math.min(declaredLength, cap) : Math.min(BUFFER_BYTES, cap);
        byte[] buf = new byte[Math.max(initial, 1)];
        int size = 0;
        while (true) {
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                throw new UriLoadException(TIMEOUT, "body not complete within " + config.totalTimeout());
            }
            if (size == buf.length) {
                if (size == cap) {
                    if (in.read() < 0) {
                        return buf;
                    }
                    throw new UriLoadException(TOO_LARGE, "body is larger than " + cap + " bytes");
                }
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, cap));
            }
            int n = in.read(buf, size, buf.length - size);
            if (n < 0) {
                return size == buf.length ? buf : Arrays.copyOf(buf, size);
            }
            size += n;
        }
    }

    private long remainingMillis(long deadline) throws UriLoadException {
        long remaining = (deadline - System.nanoTime()) / 1_000_000;
        if (remaining <= 0) {
            throw new UriLoadException(TIMEOUT, "no time left within " + config.totalTimeout());
        }
        return remaining;
    }

    private static int clampMillis(long wanted, long remaining) {
        return (int) Math.max(1, Math.min(Math.min(wanted, remaining), Integer.MAX_VALUE));
    }
}
