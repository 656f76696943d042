package io.hashstream.training.neardup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.perceptual.DHasher;
import io.hashstream.training.augment.AugmentationFamily;
import io.hashstream.training.augment.TestPictures;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report on generated pictures scored with dHash, rendered by headless Chromium (Debian
 * {@code chromium}, installed by scripts/install-deps.sh): the screenshot must be a PNG of the window
 * size with real content (many distinct colours, not a blank or error page).
 */
class NearDupReportTest {
    private static final int W = 1000;
    private static final int H = 1400;

    @TempDir
    Path dir;

    @Test
    void reportRendersInHeadlessChromium() throws Exception {
        int n = 12;
        List<BufferedImage> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sources.add(TestPictures.picture(40 + i, 160, 120));
        }
        DHasher dhash = new DHasher();
        List<AugmentationFamily> families = List.of(AugmentationFamily.CROP, AugmentationFamily.TEXT);
        List<BinaryCode> originals = sources.stream().map(s -> dhash.hash(s).code()).toList();
        Map<AugmentationFamily, PackedCodes> views = new EnumMap<>(AugmentationFamily.class);
        for (AugmentationFamily f : families) {
            List<BinaryCode> codes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                codes.add(dhash.hash(edit(sources.get(i), f, i)).code());
            }
            views.put(f, new PackedCodes(codes, 64));
        }
        NearDupScores scores = NearDupScores.score(new PackedCodes(originals, 64), views, 3);
        Path index = NearDupReport.write(dir.resolve("report"), Map.of("dhash", scores), Map.of("dhash", 10),
                sources::get, (f, i) -> edit(sources.get(i), f, i), 3);
        String html = Files.readString(index);
        assertThat(html).contains("<h3>crop</h3>", "<h3>text</h3>", "img/src-");
        try (var files = Files.list(dir.resolve("report/img"))) {
            assertThat(files.count()).isGreaterThanOrEqualTo(6);
        }

        Path png = dir.resolve("shot.png");
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Process p = new ProcessBuilder(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=" + W + "," + H,
                index.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("chromium finished; log:\n" + Files.readString(dir.resolve("chromium.log"))).isTrue();
        assertThat(png).as(Files.readString(dir.resolve("chromium.log"))).exists();
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot.getWidth()).isEqualTo(W);
        assertThat(shot.getHeight()).isEqualTo(H);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < H; y += 3) {
            for (int x = 0; x < W; x += 3) {
                colours.add(shot.getRGB(x, y) & 0xFFFFFF);
            }
        }
        // Text alone gives a few dozen grey levels; the thumbnails add thousands of colours.
        assertThat(colours.size()).isGreaterThan(1_000);
        Files.copy(png, Path.of("target", "neardup-report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static BufferedImage edit(BufferedImage s, AugmentationFamily f, int i) {
        return f.apply(s, new Random(1000L * f.ordinal() + i));
    }

    private static String chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(c).canExecute()) {
                return c;
            }
        }
        throw new AssertionError("no chromium: run scripts/install-deps.sh (Debian package chromium)");
    }
}
