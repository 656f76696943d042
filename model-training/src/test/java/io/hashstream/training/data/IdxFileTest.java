package io.hashstream.training.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxFileTest {

    static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    static void writeGz(Path p, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content);
        }
    }

    @Test
    void readsGzippedAndPlainFiles(@TempDir Path dir) throws IOException {
        byte[] data = {1, 2, 3, 4, 5, (byte) 250};
        writeGz(dir.resolve("a.gz"), idx(new int[] {3, 1, 2}, data));
        Files.write(dir.resolve("a"), idx(new int[] {3, 1, 2}, data));

        IdxFile gz = IdxFile.read(dir.resolve("a.gz"));
        assertThat(gz.dims()).containsExactly(3, 1, 2);
        assertThat(gz.count()).isEqualTo(3);
        assertThat(gz.itemSize()).isEqualTo(2);
        assertThat(gz.data()).containsExactly(data);
        assertThat(IdxFile.read(dir.resolve("a"))).isEqualTo(gz);
    }

    @Test
    void rejectsWrongMagicAndTruncatedData(@TempDir Path dir) throws IOException {
        byte[] floats = idx(new int[] {1}, new byte[4]);
        floats[2] = 0x0D; // float type
        Files.write(dir.resolve("f"), floats);
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("f"))).hasMessageContaining("not an unsigned-byte IDX file");

        byte[] full = idx(new int[] {10}, new byte[10]);
        Files.write(dir.resolve("t"), java.util.Arrays.copyOf(full, full.length - 3));
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("t"))).hasMessageContaining("truncated");
    }
}
