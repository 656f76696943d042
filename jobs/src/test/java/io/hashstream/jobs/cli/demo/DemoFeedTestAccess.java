package io.hashstream.jobs.cli.demo;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Lets tests in other packages encode and edit pictures the way the demo feed does. */
public final class DemoFeedTestAccess {

    private DemoFeedTestAccess() {
    }

    public static byte[] png(BufferedImage image) {
        return DemoFeed.png(image);
    }

    public static byte[] jpeg(BufferedImage image, float quality) {
        return DemoFeed.jpeg(image, quality);
    }

    public static BufferedImage apply(ImageEdit edit, BufferedImage image, Random random) {
        return edit.apply(image, random);
    }
}
