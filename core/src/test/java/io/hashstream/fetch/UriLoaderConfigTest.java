package io.hashstream.fetch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UriLoaderConfigTest {
    @Test
    void settingsRoundTrip() {
        UriLoaderConfig c = UriLoaderConfig.denyAll().withSchemes("HTTPS", "file").withHosts("*.example.com", "cdn.test")
                .withRoots(Path.of("/data/images"), Path.of("/mnt/b")).withInternalAddresses(true)
                .withTimeouts(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300))
                .withMaxBytes(1234).withMaxRedirects(0);
        assertThat(UriLoaderConfig.denyAll().with(c.toMap())).isEqualTo(c);
        assertThat(c.allowedSchemes()).containsExactlyInAnyOrder("https", "file");
    }

    @Test
    void settingsOverrideDefaults() {
        UriLoaderConfig c = UriLoaderConfig.denyAll().with(Map.of("uri-schemes", "https", "uri-hosts",
                " images.example.com , cdn.example.com ", "uri-max-bytes", "5000000"));
        assertThat(c.allowedSchemes()).containsExactly("https");
        assertThat(c.allowedHosts()).containsExactlyInAnyOrder("images.example.com", "cdn.example.com");
        assertThat(c.maxBytes()).isEqualTo(5_000_000);
        assertThat(c.allowedRoots()).isEmpty();
        assertThat(c.allowInternalAddresses()).isFalse();
    }

    @Test
    void badSettingsAreErrors() {
        assertThatThrownBy(() -> UriLoaderConfig.denyAll().with(Map.of("uri-hostz", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uri-hostz");
        assertThatThrownBy(() -> UriLoaderConfig.denyAll().with(Map.of("uri-schemes", "gopher")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gopher");
        assertThatThrownBy(() -> UriLoaderConfig.denyAll().with(Map.of("uri-max-bytes", "lots")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UriLoaderConfig.denyAll().with(Map.of("uri-allow-internal-addresses", "yes")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UriLoaderConfig.denyAll().with(Map.of("uri-read-timeout-ms", "0")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void denyAllAllowsNothing() {
        UriLoaderConfig c = UriLoaderConfig.denyAll();
        assertThat(c.allowedSchemes()).isEmpty();
        assertThat(c.hostAllowed("example.com")).isFalse();
        assertThat(c.allowInternalAddresses()).isFalse();
    }
}
