package io.hashstream.training.neardup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearDupDataTest {

    @TempDir
    Path dir;

    @Test
    void copiesOfTrainingOrValidationFilesAreLeftOutOfLaterParts() throws Exception {
        Path trained = Files.write(dir.resolve("animals-frog.png"), new byte[] {1, 2, 3});
        Path validated = Files.write(dir.resolve("icons-tent.png"), new byte[] {4, 5, 6});
        Path copy = Files.write(dir.resolve("computer-frog.png"), new byte[] {1, 2, 3});
        Path link = Files.createSymbolicLink(dir.resolve("camping-tent.png"), validated.getFileName());
        Path unique = Files.write(dir.resolve("shapes-star.png"), new byte[] {7, 8, 9});
        Path linkToTrained = Files.createSymbolicLink(dir.resolve("pets-frog.png"), trained.getFileName());
        Map<SourceSplit.Part, List<Path>> parts = Map.of(
                SourceSplit.Part.TRAIN, List.of(trained),
                SourceSplit.Part.VALIDATION, List.of(validated, linkToTrained),
                SourceSplit.Part.TEST, List.of(copy, link, unique));

        assertThat(NearDupData.withoutCopiesOfEarlierParts(parts, SourceSplit.Part.TRAIN)).containsExactly(trained);
        assertThat(NearDupData.withoutCopiesOfEarlierParts(parts, SourceSplit.Part.VALIDATION)).containsExactly(validated);
        assertThat(NearDupData.withoutCopiesOfEarlierParts(parts, SourceSplit.Part.TEST)).containsExactly(unique);
    }

    private static java.awt.image.BufferedImage picture(int seed) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(seed);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    @Test
    void picturesOfEarlierPartsAreLeftOutEvenInFilesWithOtherBytes() throws Exception {
        Path trained = dir.resolve("animals-frog.png");
        javax.imageio.ImageIO.write(picture(1), "png", trained.toFile());
        // the same picture in another file format: other bytes, same pixels
        Path resaved = dir.resolve("computer-frog.bmp");
        javax.imageio.ImageIO.write(picture(1), "bmp", resaved.toFile());
        Path other = dir.resolve("shapes-star.png");
        javax.imageio.ImageIO.write(picture(2), "png", other.toFile());
        assertThat(Files.readAllBytes(resaved)).isNotEqualTo(Files.readAllBytes(trained));

        List<SourceImages.Source> test = SourceImages.load(List.of(resaved, other), 32).sources();
        assertThat(test).hasSize(2);
        assertThat(NearDupData.withoutPicturesOfEarlierParts(test, List.of(trained), 32))
                .extracting(SourceImages.Source::file).containsExactly(other);
    }
}
