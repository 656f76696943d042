package io.hashstream.jobs.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class DemoFeedTest {

    private static final DemoImages IMAGES = DemoImages.procedural(9, 42);

    @Test
    void everyCopyComesAfterItsOriginalAndDecodes() throws Exception {
        DemoFeed feed = DemoFeed.generate(IMAGES, 2, 7);
        Map<String, Integer> position = new HashMap<>();
        List<DemoFeed.Item> items = feed.items();
        for (int i = 0; i < items.size(); i++) {
            position.put(items.get(i).id(), i);
        }
        assertThat(position).hasSize(items.size());
        // 9 originals, 2 edits for 6 of them, 3 broken items
        assertThat(items).hasSize(9 + 12 + 3);
        assertThat(feed.validCount()).isEqualTo(21);
        assertThat(feed.editCount()).isEqualTo(12);
        for (DemoFeed.Item item : items) {
            switch (item.kind()) {
                case ORIGINAL, EDIT -> {
                    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(item.image()));
                    assertThat(decoded).as(item.id()).isNotNull();
                    assertThat(decoded.getWidth()).isGreaterThanOrEqualTo(64);
                    if (item.kind() == DemoFeed.Kind.EDIT) {
                        assertThat(position.get(item.id())).isGreaterThan(position.get(item.group()));
                        assertThat(item.id()).startsWith(item.group() + "~");
                    }
                }
                case TRUNCATED_IMAGE, NOT_AN_IMAGE -> assertThat(item.group()).isNull();
                case INVALID_JSON -> assertThat(item.rawValue()).isNotEmpty();
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameFeed() {
        List<DemoFeed.Item> a = DemoFeed.generate(DemoImages.procedural(6, 1), 3, 5).items();
        List<DemoFeed.Item> b = DemoFeed.generate(DemoImages.procedural(6, 1), 3, 5).items();
        assertThat(a).extracting(DemoFeed.Item::id).isEqualTo(b.stream().map(DemoFeed.Item::id).toList());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).image()).isEqualTo(b.get(i).image());
        }
    }

    @Test
    void fallsBackToProceduralPicturesWithoutADirectory() {
        DemoImages images = DemoImages.load(Path.of("/nonexistent-clipart"), 3, 1);
        assertThat(images.images()).hasSize(3);
        assertThat(images.description()).contains("procedural");
    }

    @Test
    void editsChangeThePixels() {
        BufferedImage source = IMAGES.images().get(0);
        java.util.Random random = new java.util.Random(3);
        for (ImageEdit edit : List.of(ImageEdit.RESIZE, ImageEdit.CROP, ImageEdit.BRIGHTEN)) {
            BufferedImage edited = edit.apply(source, random);
            boolean sameSize = edited.getWidth() == source.getWidth() && edited.getHeight() == source.getHeight();
            boolean samePixels = sameSize && samePixels(source, edited);
            assertThat(samePixels).as(edit.label()).isFalse();
        }
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
