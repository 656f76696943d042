package io.hashstream.jobs.it;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.hashstream.jobs.cli.demo.DemoFeedTestAccess;
import io.hashstream.jobs.cli.demo.DemoImages;
import io.hashstream.jobs.cli.demo.ImageEdit;

/** Encoded test pictures: distinct procedural pictures and edited copies of some of them. */
final class TestImages {

    private TestImages() {
    }

    /** {@code pictures} PNGs followed, for every other picture, by {@code copies} edited JPEG copies. */
    static List<byte[]> picturesWithCopies(int pictures, int copies, long seed) {
        List<BufferedImage> originals = DemoImages.procedural(pictures, seed).images();
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (BufferedImage p : originals) {
            out.add(DemoFeedTestAccess.png(p));
        }
        ImageEdit[] edits = {ImageEdit.REENCODE_JPEG, ImageEdit.RESIZE, ImageEdit.BRIGHTEN, ImageEdit.CROP};
        for (int i = 0; i < originals.size(); i += 2) {
            for (int c = 0; c < copies; c++) {
                ImageEdit edit = edits[c % edits.length];
                out.add(DemoFeedTestAccess.jpeg(DemoFeedTestAccess.apply(edit, originals.get(i), random), 0.6f));
            }
        }
        return out;
    }
}
