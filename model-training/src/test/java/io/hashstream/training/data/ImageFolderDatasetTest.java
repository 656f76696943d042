package io.hashstream.training.data;

import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFolderDatasetTest {
    private static final ModelInput INPUT = new ModelInput(16, 16, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);

    private static byte[] encode(String format, Color color, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    @Test
    void oneClassPerSubfolderDecodedByTheSharedPipelineWithRejectsReported(@TempDir Path root) throws Exception {
        Path boots = Files.createDirectories(root.resolve("boots"));
        Path bags = Files.createDirectories(root.resolve("bags"));
        byte[] red = encode("png", Color.RED, 40, 30);
        byte[] blue = encode("jpg", Color.BLUE, 64, 64);
        byte[] green = encode("bmp", Color.GREEN, 20, 20);
        Files.write(boots.resolve("a.png"), red);
        Files.write(boots.resolve("b.jpg"), blue);
        Files.createDirectories(boots.resolve("more"));
        Files.write(boots.resolve("more/c.bmp"), green);
        Files.write(bags.resolve("x.png"), blue);
        Files.write(bags.resolve("notes.txt"), "not an image".getBytes());
        Files.write(bags.resolve("cut.png"), Arrays.copyOf(red, red.length / 2));
        Files.write(bags.resolve(".hidden.png"), red);

        ImageFolderDataset.Result r = ImageFolderDataset.load(root, INPUT);

        Dataset d = r.dataset();
        assertThat(d.classNames()).containsExactly("bags", "boots");
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.labels()).containsExactly(0, 1, 1, 1);
        assertThat(r.files()).containsExactly(bags.resolve("x.png"), boots.resolve("a.png"), boots.resolve("b.jpg"),
                boots.resolve("more/c.bmp"));

        ImagePipeline pipeline = new ImagePipeline(INPUT);
        float[] expected = pipeline.toModelInput(red);
        float[] got = new float[INPUT.floatsPerImage()];
        d.copyImage(1, got, 0);
        assertThat(got).containsExactly(expected);

        assertThat(r.rejected()).extracting(ImageFolderDataset.Rejected::file)
                .containsExactly(bags.resolve("cut.png"), bags.resolve("notes.txt"));
        assertThat(r.rejected()).allSatisfy(rej -> assertThat(rej.code()).startsWith("image."));
        assertThat(r.rejected().get(1).code()).isEqualTo("image.unknown_format");
    }

    @Test
    void aRootWithoutClassFoldersIsAnError(@TempDir Path root) throws IOException {
        Files.write(root.resolve("lonely.png"), encode("png", Color.RED, 8, 8));
        assertThatThrownBy(() -> ImageFolderDataset.load(root, INPUT)).hasMessageContaining("one subfolder per label");
        assertThatThrownBy(() -> ImageFolderDataset.load(root.resolve("missing"), INPUT))
                .isInstanceOf(DatasetUnavailableException.class);
    }
}
