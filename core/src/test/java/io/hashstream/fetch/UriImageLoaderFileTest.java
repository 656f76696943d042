package io.hashstream.fetch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UriImageLoaderFileTest {
    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

    @TempDir
    Path tmp;
    private Path root;
    private Path outside;
    private UriImageLoader loader;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("images"));
        outside = Files.createDirectories(tmp.resolve("secrets"));
        Files.write(root.resolve("a.png"), IMAGE);
        Files.createDirectories(root.resolve("sub dir"));
        Files.write(root.resolve("sub dir").resolve("b.png"), IMAGE);
        Files.write(outside.resolve("key.pem"), "secret".getBytes());
        loader = new UriImageLoader(UriLoaderConfig.denyAll().withSchemes("file").withRoots(root).withMaxBytes(1000));
    }

    @Test
    void readsFilesUnderAnAllowedRoot() throws Exception {
        assertThat(loader.load(root.resolve("a.png").toUri())).isEqualTo(IMAGE);
        assertThat(loader.load(root.resolve("sub dir").resolve("b.png").toUri())).isEqualTo(IMAGE); // %20 in URI
        assertThat(loader.load("file://localhost" + root.resolve("a.png").toUri().getRawPath())).isEqualTo(IMAGE);
    }

    @Test
    void pathTraversalOutOfTheRootIsRefused() {
        String up = "file://" + root.toUri().getRawPath() + "../secrets/key.pem";
        assertReason(up, UriRejectReason.DISALLOWED_PATH);
        String encodedUp = "file://" + root.toUri().getRawPath() + "%2e%2e/secrets/key.pem";
        assertReason(encodedUp, UriRejectReason.DISALLOWED_PATH);
        assertReason(outside.resolve("key.pem").toUri().toString(), UriRejectReason.DISALLOWED_PATH);
        assertReason("file:///etc/passwd", UriRejectReason.DISALLOWED_PATH);
    }

    @Test
    void filesOutsideTheRootsAreNotProbed() {
        // same reason whether or not the file exists: no existence oracle outside the roots
        assertReason(outside.resolve("missing.pem").toUri().toString(), UriRejectReason.DISALLOWED_PATH);
    }

    @Test
    void symlinkEscapingTheRootIsRefused() throws Exception {
        Path link = root.resolve("innocent.png");
        Files.createSymbolicLink(link, outside.resolve("key.pem"));
        assertReason(link.toUri().toString(), UriRejectReason.DISALLOWED_PATH);
        Path dirLink = root.resolve("linked-dir");
        Files.createSymbolicLink(dirLink, outside);
        assertReason(dirLink.resolve("key.pem").toUri().toString(), UriRejectReason.DISALLOWED_PATH);
    }

    @Test
    void symlinkWithinTheRootIsFollowed() throws Exception {
        Path link = root.resolve("alias.png");
        Files.createSymbolicLink(link, root.resolve("a.png"));
        assertThat(loader.load(link.toUri())).isEqualTo(IMAGE);
    }

    @Test
    void rootConfiguredThroughASymlinkWorks() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("images-link"), root);
        UriImageLoader viaLink = new UriImageLoader(UriLoaderConfig.denyAll().withSchemes("file").withRoots(linkedRoot));
        assertThat(viaLink.load(linkedRoot.resolve("a.png").toUri())).isEqualTo(IMAGE);
        assertThat(viaLink.load(root.resolve("a.png").toUri())).isEqualTo(IMAGE);
    }

    @Test
    void missingFilesAndDirectoriesAreNotFound() {
        assertReason(root.resolve("nope.png").toUri().toString(), UriRejectReason.NOT_FOUND);
        assertReason(root.resolve("sub dir").toUri().toString(), UriRejectReason.NOT_FOUND);
    }

    @Test
    void filesOverTheCapAreRefused() throws Exception {
        Files.write(root.resolve("big.png"), new byte[1001]);
        Files.write(root.resolve("exact.png"), new byte[1000]);
        assertReason(root.resolve("big.png").toUri().toString(), UriRejectReason.TOO_LARGE);
        assertThat(loader.load(root.resolve("exact.png").toUri())).hasSize(1000);
    }

    @Test
    void remoteFileHostsAndDisallowedSchemesAreRefused() {
        assertReason("file://fileserver" + root.resolve("a.png").toUri().getRawPath(), UriRejectReason.DISALLOWED_HOST);
        assertReason("https://example.com/a.png", UriRejectReason.DISALLOWED_SCHEME);
        UriImageLoader httpOnly = new UriImageLoader(UriLoaderConfig.denyAll().withSchemes("http"));
        assertThatThrownBy(() -> httpOnly.load(root.resolve("a.png").toUri()))
                .isInstanceOfSatisfying(UriLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(UriRejectReason.DISALLOWED_SCHEME));
    }

    @Test
    void noRootsMeansNoFiles() {
        UriImageLoader none = new UriImageLoader(UriLoaderConfig.denyAll().withSchemes("file"));
        assertThatThrownBy(() -> none.load(root.resolve("a.png").toUri()))
                .isInstanceOfSatisfying(UriLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(UriRejectReason.DISALLOWED_PATH));
    }

    @Test
    void codesAreDistinctAndWellFormed() {
        assertThat(java.util.Arrays.stream(UriRejectReason.values()).map(UriRejectReason::code))
                .doesNotHaveDuplicates()
                .allMatch(c -> c.matches("uri\\.[a-z0-9]+(_[a-z0-9]+)*"));
    }

    private void assertReason(String uri, UriRejectReason reason) {
        assertThatThrownBy(() -> loader.load(uri)).as(uri)
                .isInstanceOfSatisfying(UriLoadException.class, e -> assertThat(e.reason()).as(e.getMessage())
                        .isEqualTo(reason));
    }
}
