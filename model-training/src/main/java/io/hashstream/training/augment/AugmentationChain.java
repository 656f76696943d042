package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random sequence of edits: between {@code minEdits} and {@code maxEdits} distinct augmentations
 * from {@code pool}, applied in a random order. Used for training views and for the benchmark's
 * mixed family.
 */
public record AugmentationChain(List<Augmentation> pool, int minEdits, int maxEdits) implements Augmentation {
    public AugmentationChain {
        pool = List.copyOf(pool);
        if (minEdits < 0 || minEdits > maxEdits || maxEdits > pool.size()) {
            throw new IllegalArgumentException("need 0 <= minEdits <= maxEdits <= pool size");
        }
    }

    /** Every family's default edit (flip only when asked), one to three at a time. */
    public static AugmentationChain realistic(boolean withFlip) {
        List<Augmentation> pool = new ArrayList<>(List.of(Rescale.defaults(), JpegReencode.defaults(), Crop.defaults(),
                Rotate.defaults(), Photometric.defaults(), Blur.defaults(), Noise.defaults(), new TextOverlay(),
                new LogoWatermark(), Padding.defaults(), AspectChange.defaults(), new Grayscale()));
        if (withFlip) {
            pool.add(new HorizontalFlip());
        }
        return new AugmentationChain(pool, 1, 3);
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random rnd) {
        int n = minEdits + rnd.nextInt(maxEdits - minEdits + 1);
        List<Augmentation> left = new ArrayList<>(pool);
        BufferedImage out = Images.toRgb(image);
        for (int i = 0; i < n; i++) {
            out = left.remove(rnd.nextInt(left.size())).apply(out, rnd);
        }
        return out;
    }
}
