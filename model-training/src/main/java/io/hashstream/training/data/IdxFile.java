package io.hashstream.training.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file of unsigned bytes (the MNIST / Fashion-MNIST format): a 4-byte magic
 * {@code 0x00 0x00 0x08 ndims}, {@code ndims} big-endian int32 dimensions, then the bytes in
 * row-major order. Files ending in {@code .gz} are decompressed on the fly.
 *
 * @param dims the dimensions, outermost first (e.g. {@code [60000, 28, 28]})
 * @param data the values, row-major
 */
public record IdxFile(int[] dims, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    public static IdxFile read(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path)) {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            if (path.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return read(in, path.toString());
        }
    }

    static IdxFile read(InputStream stream, String source) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xFF;
            int ndims = magic & 0xFF;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || ndims == 0) {
                throw new IOException(source + ": not an unsigned-byte IDX file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[ndims];
            long total = 1;
            for (int i = 0; i < ndims; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new IOException(source + ": negative dimension " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IOException(source + ": too large (" + total + " values)");
            }
            byte[] data = new byte[(int) total];
            in.readFully(data);
            return new IdxFile(dims, data);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated IDX file", e);
        }
    }

    /** Number of items (the first dimension). */
    public int count() {
        return dims[0];
    }

    /** Values per item (product of the other dimensions). */
    public int itemSize() {
        int s = 1;
        for (int i = 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile f && Arrays.equals(dims, f.dims) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dims);
    }
}
