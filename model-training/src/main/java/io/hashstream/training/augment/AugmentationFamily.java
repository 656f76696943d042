package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * The edit families the near-duplicate benchmark reports separately. {@link #MIXED} chains one to
 * three random edits of the other families (flip excluded), the realistic case of a re-post.
 */
public enum AugmentationFamily {
    RESCALE(Rescale.defaults()),
    JPEG(JpegReencode.defaults()),
    CROP(Crop.defaults()),
    ROTATE(Rotate.defaults()),
    PHOTOMETRIC(Photometric.defaults()),
    BLUR(Blur.defaults()),
    NOISE(Noise.defaults()),
    TEXT(new TextOverlay()),
    LOGO(new LogoWatermark()),
    PADDING(Padding.defaults()),
    ASPECT(AspectChange.defaults()),
    GRAYSCALE(new Grayscale()),
    HFLIP(new HorizontalFlip()),
    MIXED(null);

    private final Augmentation augmentation;

    AugmentationFamily(Augmentation augmentation) {
        this.augmentation = augmentation;
    }

    /** Lowercase name for tables and file names. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One edit of this family. */
    public BufferedImage apply(BufferedImage image, Random rnd) {
        return this == MIXED ? AugmentationChain.realistic(false).apply(image, rnd) : augmentation.apply(image, rnd);
    }
}
