package io.hashstream.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a real HTTP server on 127.0.0.1; loopback is explicitly allowed except where a test says not. */
class UriImageLoaderHttpTest {
    private static final byte[] IMAGE = randomBytes(50_000);

    private HttpServer server;
    private ExecutorService handlers;
    private final AtomicInteger requests = new AtomicInteger();
    private String base;
    private UriLoaderConfig config;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/image.jpg", ex -> respond(ex, 200, IMAGE));
        server.createContext("/empty", ex -> respond(ex, 200, new byte[0]));
        server.createContext("/missing", ex -> respond(ex, 404, "nope".getBytes()));
        server.createContext("/gone", ex -> respond(ex, 410, new byte[0]));
        server.createContext("/forbidden", ex -> respond(ex, 403, new byte[0]));
        server.createContext("/broken", ex -> respond(ex, 500, new byte[0]));
        server.createContext("/huge-declared", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, 100_000_000L); // claims 100 MB, sends little
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[10]);
            } catch (IOException ignored) {
                // the client hangs up early, as it should
            }
        });
        server.createContext("/huge-chunked", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, 0); // chunked, no length: the cap must be enforced while streaming
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 1600; i++) { // 100 MB if nobody stops us
                    out.write(chunk);
                }
            } catch (IOException ignored) {
                // expected: the client stops reading once over the cap
            }
        });
        server.createContext("/slow-headers", ex -> {
            requests.incrementAndGet();
            sleep(5_000);
            respond(ex, 200, IMAGE);
        });
        server.createContext("/trickle", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 200; i++) { // one byte every 50 ms: each read is quick, the whole is not
                    out.write(i);
                    out.flush();
                    sleep(50);
                }
            } catch (IOException ignored) {
                // the client gives up
            }
        });
        server.createContext("/redirect-ok", ex -> redirect(ex, "/image.jpg"));
        server.createContext("/redirect-elsewhere", ex -> redirect(ex, "http://evil.example.net/image.jpg"));
        server.createContext("/redirect-file", ex -> redirect(ex, "file:///etc/passwd"));
        server.createContext("/redirect-loop", ex -> redirect(ex, "/redirect-loop"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        config = UriLoaderConfig.denyAll().withSchemes("http", "https").withHosts("127.0.0.1")
                .withInternalAddresses(true)
                // generous: a loaded CI machine must never turn a good load into a timeout
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withMaxBytes(1 << 20);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void loadsAnAllowedUrl() throws Exception {
        assertThat(loader().load(base + "/image.jpg")).isEqualTo(IMAGE);
        assertThat(loader().load(base + "/empty")).isEmpty();
    }

    @Test
    void theConnectionUsesTheHostAsItWasCheckedNotAsTheUriSpellsIt() throws Exception {
        // The JVM caches DNS answers by host string: connecting as "LOCALHOST." would resolve afresh what
        // the check resolved as "localhost", and a rebinding DNS server could answer differently.
        java.util.List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/host", ex -> {
            hosts.add(ex.getRequestHeaders().getFirst("Host"));
            respond(ex, 200, IMAGE);
        });
        int port = server.getAddress().getPort();
        UriImageLoader loader = new UriImageLoader(config.withHosts("localhost"));
        assertThat(loader.load("http://LocalHost.:" + port + "/host")).isEqualTo(IMAGE);
        assertThat(hosts).containsExactly("localhost:" + port);
        assertThat(UriImageLoader.connectionUrl(new java.net.URI("http://Evil.Example.COM.:8080/a%20b/c?x=1&y=%2F#f"),
                "evil.example.com")).hasToString("http://evil.example.com:8080/a%20b/c?x=1&y=%2F");
        assertThat(UriImageLoader.connectionUrl(new java.net.URI("https://[::1]/p"), "::1")).hasToString("https://[::1]/p");
    }

    @Test
    void bodyOfExactlyTheCapIsAccepted() throws Exception {
        assertThat(new UriImageLoader(config.withMaxBytes(IMAGE.length)).load(base + "/image.jpg")).isEqualTo(IMAGE);
        assertReason(new UriImageLoader(config.withMaxBytes(IMAGE.length - 1)), base + "/image.jpg",
                UriRejectReason.TOO_LARGE);
    }

    @Test
    void loopbackIsRefusedUnlessAllowedAndTheServerIsNeverContacted() {
        UriImageLoader strict = new UriImageLoader(config.withInternalAddresses(false).withHosts("127.0.0.1",
                "localhost"));
        assertReason(strict, base + "/image.jpg", UriRejectReason.PRIVATE_ADDRESS);
        assertReason(strict, base.replace("127.0.0.1", "localhost") + "/image.jpg", UriRejectReason.PRIVATE_ADDRESS);
        assertThat(requests).hasValue(0);
    }

    @Test
    void hostsAndSchemesOutsideTheAllowlistAreRefused() {
        assertReason(loader(), base.replace("127.0.0.1", "localhost") + "/image.jpg", UriRejectReason.DISALLOWED_HOST);
        assertReason(loader(), "http://169.254.169.254/latest/meta-data/", UriRejectReason.DISALLOWED_HOST);
        assertReason(loader(), "ftp://127.0.0.1/image.jpg", UriRejectReason.DISALLOWED_SCHEME);
        assertReason(loader(), "file:///etc/passwd", UriRejectReason.DISALLOWED_SCHEME);
        assertReason(new UriImageLoader(config.withSchemes("https")), base + "/image.jpg",
                UriRejectReason.DISALLOWED_SCHEME);
        assertReason(loader(), "http://user:pw@127.0.0.1/image.jpg", UriRejectReason.INVALID);
        assertReason(loader(), "images/a.jpg", UriRejectReason.INVALID);
    }

    @Test
    void statusCodes() {
        assertReason(loader(), base + "/missing", UriRejectReason.NOT_FOUND);
        assertReason(loader(), base + "/gone", UriRejectReason.NOT_FOUND);
        assertReason(loader(), base + "/no-such-context", UriRejectReason.NOT_FOUND);
        assertReason(loader(), base + "/forbidden", UriRejectReason.HTTP_STATUS);
        assertReason(loader(), base + "/broken", UriRejectReason.HTTP_STATUS);
    }

    @Test
    void oversizeBodiesAreRefused() {
        assertReason(loader(), base + "/huge-declared", UriRejectReason.TOO_LARGE);
        assertReason(loader(), base + "/huge-chunked", UriRejectReason.TOO_LARGE);
    }

    @Test
    void slowResponsesTimeOut() {
        // tight limits here only: these responses take 5 s and 10 s, far beyond them on any machine
        UriImageLoader impatient = new UriImageLoader(
                config.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(800)));
        assertReason(impatient, base + "/slow-headers", UriRejectReason.TIMEOUT);
        assertReason(impatient, base + "/trickle", UriRejectReason.TIMEOUT);
    }

    @Test
    void redirectsAreFollowedOnlyWhereAllowed() throws Exception {
        assertThat(loader().load(base + "/redirect-ok")).isEqualTo(IMAGE);
        assertReason(new UriImageLoader(config.withMaxRedirects(0)), base + "/redirect-ok",
                UriRejectReason.TOO_MANY_REDIRECTS);
        assertReason(loader(), base + "/redirect-elsewhere", UriRejectReason.DISALLOWED_HOST);
        assertReason(new UriImageLoader(config.withSchemes("http", "file")), base + "/redirect-file",
                UriRejectReason.DISALLOWED_SCHEME);
        assertReason(loader(), base + "/redirect-loop", UriRejectReason.TOO_MANY_REDIRECTS);
    }

    @Test
    void refusedConnectionIsAnIoError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertReason(loader(), "http://127.0.0.1:" + closedPort + "/image.jpg", UriRejectReason.IO_ERROR);
    }

    @Test
    void wildcardHostsMatchSubdomainsOnly() {
        UriLoaderConfig c = config.withHosts("*.example.com");
        assertThat(c.hostAllowed("images.example.com")).isTrue();
        assertThat(c.hostAllowed("a.b.example.com")).isTrue();
        assertThat(c.hostAllowed("example.com")).isFalse();
        assertThat(c.hostAllowed("evilexample.com")).isFalse();
        assertThat(c.hostAllowed("example.com.evil.net")).isFalse();
    }

    private UriImageLoader loader() {
        return new UriImageLoader(config);
    }

    private static void assertReason(UriImageLoader loader, String uri, UriRejectReason reason) {
        assertThatThrownBy(() -> loader.load(uri)).as(uri)
                .isInstanceOfSatisfying(UriLoadException.class, e -> assertThat(e.reason()).as(e.getMessage())
                        .isEqualTo(reason));
    }

    private void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        requests.incrementAndGet();
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void redirect(HttpExchange ex, String location) throws IOException {
        requests.incrementAndGet();
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }
}
