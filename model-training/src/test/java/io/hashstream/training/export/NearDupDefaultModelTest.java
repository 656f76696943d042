package io.hashstream.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ImagePipeline;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.ModelCard;
import io.hashstream.model.ModelIds;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import io.hashstream.training.augment.JpegReencode;
import io.hashstream.training.augment.TestPictures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code models/default}, the job's and the demo's encoder: intact (weights match the card's model id),
 * small enough to commit, with a calibrated radius, and a JPEG re-encode of a picture lands nearer its
 * original than other pictures do.
 */
class NearDupDefaultModelTest {
    private static final Path DIR = Path.of("..", "models", "default");

    @Test
    void defaultModelIsIntactSmallCalibratedAndSeesThroughReencoding() throws IOException {
        ModelCard card = ModelCard.read(DIR);
        assertThat(ModelIds.of(DIR)).as("weights match the card's model id").isEqualTo(card.modelId());
        assertThat(card.bits()).isEqualTo(128);
        assertThat(card.calibratedRadius()).isPresent();
        try (Stream<Path> files = Files.walk(DIR)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            assertThat(bytes).as("committed model size").isLessThanOrEqualTo(20L << 20);
        }
        int n = 12;
        try (SavedModelEncoder enc = SavedModelEncoder.load(DIR, TfThreads.wholeMachine(), DevicePreference.CPU)) {
            ImagePipeline pipeline = new ImagePipeline(enc.input());
            int per = enc.input().floatsPerImage();
            float[] originals = new float[n * per];
            float[] edits = new float[n * per];
            for (int i = 0; i < n; i++) {
                BufferedImage p = TestPictures.picture(900 + i, 160, 120);
                pipeline.toModelInput(p, originals, i * per);
                pipeline.toModelInput(new JpegReencode(60, 60).apply(p, new Random(i)), edits, i * per);
            }
            BinaryCode[] o = enc.encode(originals, n);
            BinaryCode[] e = enc.encode(edits, n);
            for (int i = 0; i < n; i++) {
                int own = e[i].distance(o[i]);
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        assertThat(own).as("edit %d: own original vs picture %d", i, j).isLessThan(e[i].distance(o[j]));
                    }
                }
            }
        }
    }
}
