package io.hashstream.training.data;

import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.ModelInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A labelled data set from a directory with one subfolder per label (the folder name is the class
 * name; classes are numbered in name order). Every file below a class folder is decoded and
 * preprocessed by the shared {@link ImagePipeline}; files it refuses (corrupt, truncated, too large,
 * not an image...) are reported in {@link Result#rejected()} and left out, never fatal.
 * Hidden files (names starting with '.') are ignored.
 */
public final class ImageFolderDataset {

    /** Reason code for a file that could not be read at all. */
    public static final String UNREADABLE = "file.unreadable";

    /**
     * A file left out.
     *
     * @param file the file
     * @param code dead-letter style reason code ({@code image.*} from the decoder, or {@value #UNREADABLE})
     * @param message details
     */
    public record Rejected(Path file, String code, String message) {}

    /**
     * @param dataset the accepted images, in class then path order
     * @param files the source file of each image in {@code dataset}
     * @param rejected files left out, with why
     */
    public record Result(Dataset dataset, List<Path> files, List<Rejected> rejected) {
        public Result {
            files = List.copyOf(files);
            rejected = List.copyOf(rejected);
        }
    }

    private ImageFolderDataset() {}

    public static Result load(Path root, ModelInput input) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DatasetUnavailableException("image folder " + root + " does not exist or is not a directory");
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
        }
        if (classDirs.isEmpty()) {
            throw new IllegalArgumentException(root + " has no subfolders: expected one subfolder per label");
        }
        ImagePipeline pipeline = new ImagePipeline(input);
        int f = input.floatsPerImage();
        List<String> classNames = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (int label = 0; label < classDirs.size(); label++) {
            Path dir = classDirs.get(label);
            classNames.add(dir.getFileName().toString());
            List<Path> candidates;
            try (Stream<Path> s = Files.walk(dir)) {
                candidates = s.filter(Files::isRegularFile).filter(p -> !hidden(p)).sorted().toList();
            }
            for (Path file : candidates) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException e) {
                    rejected.add(new Rejected(file, UNREADABLE, String.valueOf(e.getMessage())));
                    continue;
                }
                try {
                    images.add(pipeline.toModelInput(bytes));
                } catch (ImageRejectedException e) {
                    rejected.add(new Rejected(file, e.code(), e.getMessage()));
                    continue;
                }
                labels.add(label);
                files.add(file);
            }
        }
        float[] all = new float[images.size() * f];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * f, f);
        }
        int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
        Dataset dataset = new Dataset(root.getFileName() == null ? root.toString() : root.getFileName().toString(),
                input, all, l, classNames);
        return new Result(dataset, files, rejected);
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
