package io.hashstream.training.neardup;

import io.hashstream.image.DecodeLimits;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.SafeImageDecoder;
import io.hashstream.training.augment.Images;
import io.hashstream.training.data.DatasetUnavailableException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Unlabeled source pictures for instance-level training and the near-duplicate benchmark: every image
 * file under some folders, decoded by the shared {@link SafeImageDecoder}, flattened over white and
 * shrunk to fit {@code size} × {@code size}. Files the decoder refuses are counted and left out; exact
 * pixel duplicates (clip-art collections hold some) are kept once, so two "different sources" are
 * never the same picture.
 */
public final class SourceImages {

    /** The Debian collections installed by scripts/install-datasets.sh. */
    public static final List<Path> DEBIAN_COLLECTIONS = List.of(Path.of("/usr/share/openclipart/png"),
            Path.of("/usr/share/tuxpaint/stamps"));

    /**
     * @param key stable name of the source (collection folder name + relative path), used for the split
     * @param image opaque RGB, at most size × size
     */
    public record Source(String key, Path file, BufferedImage image) {}

    public record Loaded(List<Source> sources, int rejected, int duplicates) {}

    private SourceImages() {}

    /** Image files (png, jpg, jpeg, gif, bmp, webp) under each root, sorted by key. */
    public static List<Path> list(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new DatasetUnavailableException(root + " is missing: run scripts/install-datasets.sh");
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).filter(SourceImages::imageName).forEach(files::add);
            }
        }
        files.sort(java.util.Comparator.comparing(SourceImages::key));
        return files;
    }

    /** Collection folder name plus the path below it, e.g. {@code png/animals/frog.png}. */
    public static String key(Path file) {
        for (Path root : DEBIAN_COLLECTIONS) {
            if (file.startsWith(root)) {
                return root.getFileName() + "/" + root.relativize(file);
            }
        }
        return file.getParent() == null ? file.toString() : file.getParent().getFileName() + "/" + file.getFileName();
    }

    /** Decodes and shrinks {@code files} in parallel; order follows {@code files}. */
    public static Loaded load(List<Path> files, int size) {
        SafeImageDecoder decoder = decoderFor(size);
        BufferedImage[] images = new BufferedImage[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> images[i] = decodeAndFit(decoder, files.get(i), size));
        List<Source> out = new ArrayList<>();
        Set<ByteBuffer> seen = new HashSet<>();
        int rejected = 0;
        int duplicates = 0;
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null) {
                rejected++;
            } else if (!seen.add(fingerprint(images[i]))) {
                duplicates++;
            } else {
                out.add(new Source(key(files.get(i)), files.get(i), images[i]));
            }
        }
        return new Loaded(out, rejected, duplicates);
    }

    /** The pixel fingerprints of the pictures in {@code files}, decoded and fitted as {@link #load} does. */
    public static Set<ByteBuffer> fingerprints(List<Path> files, int size) {
        SafeImageDecoder decoder = decoderFor(size);
        return files.parallelStream().map(f -> decodeAndFit(decoder, f, size)).filter(java.util.Objects::nonNull)
                .map(SourceImages::fingerprint).collect(java.util.stream.Collectors.toSet());
    }

    private static SafeImageDecoder decoderFor(int size) {
        return new SafeImageDecoder(DecodeLimits.defaults().withTarget(size * 2, size * 2));
    }

    /** The file's picture fit to {@code size}, or null if the decoder refuses it. */
    private static BufferedImage decodeAndFit(SafeImageDecoder decoder, Path file, int size) {
        try {
            return Images.fit(decoder.decode(Files.readAllBytes(file)), size);
        } catch (ImageRejectedException | IOException | RuntimeException e) {
            return null;
        }
    }

    /** SHA-256 of a picture's size and pixels: equal for equal pictures, whatever their files' bytes. */
    public static ByteBuffer fingerprint(BufferedImage img) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            int w = img.getWidth();
            int[] px = img.getRGB(0, 0, w, img.getHeight(), null, 0, w);
            ByteBuffer b = ByteBuffer.allocate(px.length * 4 + 8);
            b.putInt(w).putInt(img.getHeight());
            b.asIntBuffer().put(px);
            md.update(b.array());
            return ByteBuffer.wrap(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean imageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg")
                || n.endsWith(".gif") || n.endsWith(".bmp") || n.endsWith(".webp"));
    }

    static void requireReadable(Path p) {
        if (!Files.isReadable(p)) {
            throw new UncheckedIOException(new IOException(p + " is not readable"));
        }
    }
}
