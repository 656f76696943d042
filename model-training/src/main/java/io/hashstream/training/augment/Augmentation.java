package io.hashstream.training.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * One kind of edit a user makes to a picture before re-posting it. Implementations never modify
 * their input and return an opaque {@code TYPE_INT_RGB} image; every random choice comes from
 * {@code rnd}, so a seeded {@link Random} reproduces the edit exactly. Thread-safe (stateless).
 */
public interface Augmentation {

    /** Short stable name used in reports, e.g. {@code jpeg}. */
    String name();

    BufferedImage apply(BufferedImage image, Random rnd);
}
