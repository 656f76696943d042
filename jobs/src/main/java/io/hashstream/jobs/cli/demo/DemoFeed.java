package io.hashstream.jobs.cli.demo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The demo's input: original pictures, edited copies of most of them (each copy after its original),
 * and a few broken events that must end up as dead letters. Knows which images belong together, so
 * the demo can tell how many copies the job found.
 */
public final class DemoFeed {

    /** What an item is. */
    public enum Kind {
        /** A picture sent as PNG. */
        ORIGINAL,
        /** An edited copy of an original, sent as JPEG. */
        EDIT,
        /** JPEG bytes cut off in the middle: the decoder must refuse them. */
        TRUNCATED_IMAGE,
        /** Bytes that are no image at all. */
        NOT_AN_IMAGE,
        /** A record value that is not a JSON event (sent as is). */
        INVALID_JSON
    }

    /**
     * One event of the feed.
     *
     * @param group the original's id for originals and edits, {@code null} for broken items
     * @param image the encoded image (null for {@link Kind#INVALID_JSON})
     * @param rawValue the exact record value for {@link Kind#INVALID_JSON}, else null
     */
    public record Item(String id, Kind kind, String group, String description, byte[] image, byte[] rawValue) {
        public Item {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
        }

        public boolean valid() {
            return kind == Kind.ORIGINAL || kind == Kind.EDIT;
        }
    }

    private final List<Item> items;
    private final String imageSource;

    private DemoFeed(List<Item> items, String imageSource) {
        this.items = List.copyOf(items);
        this.imageSource = imageSource;
    }

    /**
     * Every original, {@code editsPerImage} distinct edits of two originals out of three (the third
     * has no copy, so it should match nothing), and three broken events, in a seeded random order in
     * which every copy comes after its original.
     */
    public static DemoFeed generate(DemoImages originals, int editsPerImage, long seed) {
        if (editsPerImage < 0 || editsPerImage > ImageEdit.values().length) {
            throw new IllegalArgumentException("edits per image must be in [0, " + ImageEdit.values().length + "]");
        }
        Random random = new Random(seed);
        List<Item> sequence = new ArrayList<>();
        List<BufferedImage> images = originals.images();
        for (int i = 0; i < images.size(); i++) {
            String id = String.format("img-%04d", i + 1);
            BufferedImage image = images.get(i);
            sequence.add(new Item(id, Kind.ORIGINAL, id, "original " + image.getWidth() + "x" + image.getHeight(), png(image), null));
        }
        Collections.shuffle(sequence, random);
        for (int i = 0; i < images.size(); i++) {
            if (i % 3 == 2) {
                continue;
            }
            String original = String.format("img-%04d", i + 1);
            List<ImageEdit> edits = new ArrayList<>(Arrays.asList(ImageEdit.values()));
            Collections.shuffle(edits, random);
            for (ImageEdit edit : edits.subList(0, editsPerImage)) {
                BufferedImage edited = edit.apply(images.get(i), random);
                byte[] bytes = jpeg(edited, edit == ImageEdit.REENCODE_JPEG ? 0.4f : 0.9f);
                Item copy = new Item(original + "~" + edit.label(), Kind.EDIT, original,
                        edit.label() + " of " + original, bytes, null);
                insertAfter(sequence, original, copy, random);
            }
        }
        byte[] someJpeg = jpeg(images.get(0), 0.9f);
        insertAnywhere(sequence, new Item("broken-truncated", Kind.TRUNCATED_IMAGE, null, "JPEG cut off after "
                + someJpeg.length / 3 + " of " + someJpeg.length + " bytes", Arrays.copyOf(someJpeg, someJpeg.length / 3), null), random);
        byte[] noise = new byte[2048];
        random.nextBytes(noise);
        insertAnywhere(sequence, new Item("broken-noise", Kind.NOT_AN_IMAGE, null, "2048 random bytes", noise, null), random);
        insertAnywhere(sequence, new Item("broken-json", Kind.INVALID_JSON, null, "a value that is not JSON", null,
                "{\"id\": \"broken-json\", \"tenant\": ".getBytes(StandardCharsets.UTF_8)), random);
        return new DemoFeed(sequence, originals.description());
    }

    public List<Item> items() {
        return items;
    }

    public String imageSource() {
        return imageSource;
    }

    public long validCount() {
        return items.stream().filter(Item::valid).count();
    }

    public long editCount() {
        return items.stream().filter(i -> i.kind() == Kind.EDIT).count();
    }

    private static void insertAfter(List<Item> sequence, String originalId, Item copy, Random random) {
        int at = 0;
        while (!sequence.get(at).id().equals(originalId)) {
            at++;
        }
        sequence.add(at + 1 + random.nextInt(sequence.size() - at), copy);
    }

    private static void insertAnywhere(List<Item> sequence, Item item, Random random) {
        sequence.add(random.nextInt(sequence.size() + 1), item);
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
