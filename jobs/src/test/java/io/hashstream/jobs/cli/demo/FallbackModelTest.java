package io.hashstream.jobs.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ImagePipeline;
import io.hashstream.model.ModelCard;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;

class FallbackModelTest {

    @TempDir
    Path dir;

    @Test
    void editedCopiesStayCloserThanOtherPictures() throws Exception {
        Path model = FallbackModel.ensure(dir.resolve("fallback"));
        assertThat(ModelCard.read(model).method()).isEqualTo(FallbackModel.METHOD);
        // a second call reuses the export
        long modified = Files.getLastModifiedTime(model.resolve(ModelCard.FILE_NAME)).toMillis();
        FallbackModel.ensure(model);
        assertThat(Files.getLastModifiedTime(model.resolve(ModelCard.FILE_NAME)).toMillis()).isEqualTo(modified);

        List<BufferedImage> pictures = DemoImages.procedural(12, 3).images();
        ImagePipeline pipeline = new ImagePipeline(FallbackModel.INPUT);
        Random random = new Random(1);
        try (SavedModelEncoder encoder = SavedModelEncoder.load(model, TfThreads.wholeMachine())) {
            List<Integer> editDistances = new ArrayList<>();
            for (BufferedImage p : pictures) {
                BinaryCode original = encode(encoder, pipeline, DemoFeed.png(p));
                for (ImageEdit edit : new ImageEdit[] {ImageEdit.REENCODE_JPEG, ImageEdit.RESIZE, ImageEdit.BRIGHTEN}) {
                    byte[] edited = DemoFeed.jpeg(edit.apply(p, random), edit == ImageEdit.REENCODE_JPEG ? 0.4f : 0.9f);
                    editDistances.add(original.distance(encode(encoder, pipeline, edited)));
                }
            }
            List<Integer> otherDistances = new ArrayList<>();
            for (int i = 1; i < pictures.size(); i++) {
                otherDistances.add(encode(encoder, pipeline, DemoFeed.png(pictures.get(0)))
                        .distance(encode(encoder, pipeline, DemoFeed.png(pictures.get(i)))));
            }
            int worstEdit = editDistances.stream().mapToInt(Integer::intValue).max().orElseThrow();
            int closestOther = otherDistances.stream().mapToInt(Integer::intValue).min().orElseThrow();
            assertThat(worstEdit).as("edits %s vs others %s", editDistances, otherDistances).isLessThan(closestOther);
        }
    }

    private static BinaryCode encode(SavedModelEncoder encoder, ImagePipeline pipeline, byte[] image) throws Exception {
        return encoder.encode(pipeline.toModelInput(image), 1)[0];
    }
}
