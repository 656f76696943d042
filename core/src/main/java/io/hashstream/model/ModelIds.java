package io.hashstream.model;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.proto.SavedModel;

/**
 * Model ids: a SHA-256 over the SavedModel's graph (canonically re-serialized) and variable files
 * (names and bytes, in name order), so the id changes whenever the weights or the graph change and
 * is the same for the same export copied elsewhere. The model card itself is not hashed.
 */
public final class ModelIds {
    private static final int HEX_CHARS = 20;

    private ModelIds() {
    }

    public static String of(Path savedModelDir) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files = contentFiles(savedModelDir);
        if (files.stream().noneMatch(p -> p.getFileName().toString().equals("saved_model.pb"))) {
            throw new IllegalArgumentException("no saved_model.pb in " + savedModelDir);
        }
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            String rel = savedModelDir.relativize(f).toString();
            sha.update(rel.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            if (rel.equals("saved_model.pb")) {
                sha.update(canonicalGraph(f));
                continue;
            }
            try (InputStream in = Files.newInputStream(f)) {
                for (int r; (r = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "sha256-" + HexFormat.of().formatHex(sha.digest()).substring(0, HEX_CHARS);
    }

    /**
     * TensorFlow writes a node's attributes in hash-map order, so identical graphs can differ byte
     * for byte; protobuf's deterministic serialization sorts map entries.
     */
    private static byte[] canonicalGraph(Path savedModelPb) {
        try (InputStream in = Files.newInputStream(savedModelPb)) {
            SavedModel model = SavedModel.parseFrom(in);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(model.getSerializedSize());
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            model.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + savedModelPb, e);
        }
    }

    private static List<Path> contentFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(ModelCard.FILE_NAME))
                    .filter(p -> {
                        String rel = dir.relativize(p).toString();
                        return rel.equals("saved_model.pb") || rel.startsWith("variables");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
