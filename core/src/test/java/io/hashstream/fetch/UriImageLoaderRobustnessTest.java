package io.hashstream.fetch;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever URI string arrives, the loader answers with a typed refusal (or bytes), never with an
 * unchecked exception that would surface as an unexplained failure. No network is touched: the only
 * allowed host is a loopback address, which the address policy refuses before connecting.
 */
class UriImageLoaderRobustnessTest {
    private static final Path ROOT = emptyRoot();
    private final UriImageLoader loader = new UriImageLoader(UriLoaderConfig.denyAll()
            .withSchemes("file", "http", "https").withHosts("127.0.0.1", "::1").withRoots(ROOT).withMaxBytes(1024));

    @Property(tries = 2000)
    void onlyTypedRefusals(@ForAll("uriLike") String uri) {
        try {
            loader.load(uri);
        } catch (UriLoadException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.reason()).isNotIn(UriRejectReason.TIMEOUT, UriRejectReason.IO_ERROR);
        }
    }

    private static Path emptyRoot() {
        try {
            Path dir = Files.createTempDirectory("uri-robustness");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<String> uriLike() {
        Arbitrary<String> scheme = Arbitraries.of("http://", "https://", "file://", "file:", "HTTP://", "ftp://", "",
                "http:", "file:///");
        Arbitrary<String> host = Arbitraries.of("127.0.0.1", "[::1]", "localhost", "", "127.0.0.1:0", "user@127.0.0.1",
                "[::1", "%31%32%37.0.0.1", "127.1", "0x7f.0.0.1");
        Arbitrary<String> path = Arbitraries.strings().withChars("/.%2e0aZ?#:@[]\\ ~\u0000").ofMaxLength(24);
        return Combinators.combine(scheme, host, path).as((s, h, p) -> s + h + p);
    }
}
