package io.hashstream.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.NodeList;

/** Real test images: generated with seeded randomness and encoded by ImageIO, or crafted byte by byte. */
public final class TestImages {
    private TestImages() {
    }

    /** A picture with structure (gradient background, random filled shapes and lines), seeded. */
    public static BufferedImage shapes(long seed, int width, int height) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new java.awt.GradientPaint(0, 0, randomColor(r), width, height, randomColor(r)));
            g.fillRect(0, 0, width, height);
            int shapes = 6 + r.nextInt(8);
            for (int i = 0; i < shapes; i++) {
                g.setColor(randomColor(r));
                int w = width / 8 + r.nextInt(Math.max(1, width / 2));
                int h = height / 8 + r.nextInt(Math.max(1, height / 2));
                int x = r.nextInt(width) - w / 4;
                int y = r.nextInt(height) - h / 4;
                switch (r.nextInt(3)) {
                    case 0 -> g.fillRect(x, y, w, h);
                    case 1 -> g.fillOval(x, y, w, h);
                    default -> {
                        g.setStroke(new BasicStroke(1 + r.nextInt(Math.max(1, width / 40))));
                        g.drawLine(x, y, x + w, y + h);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static Color randomColor(Random r) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    /**
     * Every pixel {@code argb}. For TYPE_BYTE_GRAY the red channel is stored as the sample: setRGB on a
     * gray image would convert through Java's linear gray colour space (sRGB 100 becomes 32).
     */
    public static BufferedImage uniform(int width, int height, int type, int argb) {
        BufferedImage img = new BufferedImage(width, height, type);
        if (type == BufferedImage.TYPE_BYTE_GRAY) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    img.getRaster().setSample(x, y, 0, (argb >> 16) & 0xFF);
                }
            }
            return img;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, argb);
            }
        }
        return img;
    }

    /** Encodes with ImageIO's default settings for {@code format} ("png", "jpeg", "gif", "bmp"). */
    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format + " and " + img);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JPEG at {@code quality} (0..1), baseline or progressive. */
    public static byte[] jpeg(BufferedImage img, float quality, boolean progressive) {
        return jpeg(img, quality, progressive, null, 0);
    }

    /**
     * JPEG at {@code quality} (0..1), baseline or progressive, with the luma component's sampling factors
     * {@code {H, V}} (chroma at 1x1; null: the writer's default 2x2) and a restart marker every
     * {@code restartRows} MCU rows (0: none).
     */
    public static byte[] jpeg(BufferedImage img, float quality, boolean progressive, int[] lumaSampling, int restartRows) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            IIOMetadata metadata = lumaSampling == null && restartRows == 0 ? null
                    : jpegMetadata(writer, img, param, lumaSampling, restartRows);
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(img, null, metadata), param);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadata jpegMetadata(ImageWriter writer, BufferedImage img, ImageWriteParam param,
            int[] lumaSampling, int restartRows) throws IOException {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        if (lumaSampling != null) {
            NodeList components = root.getElementsByTagName("componentSpec");
            for (int c = 0; c < components.getLength(); c++) {
                IIOMetadataNode spec = (IIOMetadataNode) components.item(c);
                spec.setAttribute("HsamplingFactor", Integer.toString(c == 0 ? lumaSampling[0] : 1));
                spec.setAttribute("VsamplingFactor", Integer.toString(c == 0 ? lumaSampling[1] : 1));
            }
        }
        if (restartRows > 0) {
            IIOMetadataNode dri = new IIOMetadataNode("dri");
            int mcuWidth = 8 * (lumaSampling == null ? 2 : lumaSampling[0]);
            int mcusPerRow = (img.getWidth() + mcuWidth - 1) / mcuWidth;
            dri.setAttribute("interval", Integer.toString(Math.min(65535, restartRows * mcusPerRow)));
            IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
            markers.insertBefore(dri, markers.getFirstChild());
        }
        metadata.setFromTree(format, root);
        return metadata;
    }

    public static byte[] resource(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /images/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-formed PNG (valid CRCs) whose IHDR declares {@code width × height} RGB, with a tiny IDAT. */
    public static byte[] pngDeclaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        writeChunk(out, "IHDR", ihdr);
        // A few rows of zeros: whatever a reader would do with them, it must never get here.
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[4096]);
        deflater.finish();
        byte[] buf = new byte[8192];
        int n = deflater.deflate(buf);
        deflater.end();
        writeChunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Rebuilds a PNG keeping its chunks but with {@code idat} as the only image data, CRCs valid. */
    public static byte[] pngWithIdat(byte[] png, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(java.util.Arrays.copyOf(png, 8));
        int p = 8;
        boolean idatWritten = false;
        while (p + 8 <= png.length) {
            int len = getInt(png, p);
            String type = new String(png, p + 4, 4, StandardCharsets.US_ASCII);
            byte[] data = java.util.Arrays.copyOfRange(png, p + 8, p + 8 + len);
            if (type.equals("IDAT")) {
                if (!idatWritten) {
                    writeChunk(out, "IDAT", idat);
                    idatWritten = true;
                }
            } else {
                writeChunk(out, type, data);
            }
            p += 12 + len;
        }
        return out.toByteArray();
    }

    /** The concatenated IDAT payloads of a PNG (the zlib stream). */
    public static byte[] pngIdat(byte[] png) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 8;
        while (p + 8 <= png.length) {
            int len = getInt(png, p);
            if (new String(png, p + 4, 4, StandardCharsets.US_ASCII).equals("IDAT")) {
                out.write(png, p + 8, len);
            }
            p += 12 + len;
        }
        return out.toByteArray();
    }

    /** Offset of the SOFn segment (marker byte 0xFF) of a JPEG. */
    public static int jpegSofOffset(byte[] jpeg) {
        int p = 2;
        while (p + 4 <= jpeg.length) {
            int marker = jpeg[p + 1] & 0xFF;
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return p;
            }
            p += 2 + (((jpeg[p + 2] & 0xFF) << 8) | (jpeg[p + 3] & 0xFF));
        }
        throw new IllegalArgumentException("no SOF marker");
    }

    /** Offset just after the SOS segment header: the first byte of entropy-coded data. */
    public static int jpegScanDataOffset(byte[] jpeg) {
        int p = 2;
        while (p + 4 <= jpeg.length) {
            int marker = jpeg[p + 1] & 0xFF;
            int len = ((jpeg[p + 2] & 0xFF) << 8) | (jpeg[p + 3] & 0xFF);
            if (marker == 0xDA) {
                return p + 2 + len;
            }
            p += 2 + len;
        }
        throw new IllegalArgumentException("no SOS marker");
    }

    /**
     * A little-endian, uncompressed, one-sample-per-pixel ("BlackIsZero") TIFF of {@code width × height}
     * with {@code bits} per sample and SampleFormat {@code sampleFormat} (1 unsigned, 3 IEEE float), its
     * pixels {@code data} in one strip, or in tiles of {@code tileWidth × tileLength} when
     * {@code tileWidth > 0} (then {@code data} is the first tile only).
     */
    public static byte[] tiff(int width, int height, int bits, int sampleFormat, int tileWidth, int tileLength,
            byte[] data) {
        boolean tiled = tileWidth > 0;
        int[][] entries = { // tag, type (3 SHORT, 4 LONG), value; offsets filled in below
            {256, 4, width}, {257, 4, height}, {258, 3, bits}, {259, 3, 1}, {262, 3, 1},
            {tiled ? 322 : 273, 4, 0}, {277, 3, 1}, {tiled ? 323 : 278, 4, tiled ? tileLength : height},
            {tiled ? 324 : 279, 4, tiled ? 0 : data.length}, {339, 3, sampleFormat},
        };
        if (tiled) { // tags in ascending order: TileWidth 322, TileLength 323, TileOffsets 324, TileByteCounts 325
            entries = new int[][] {
                {256, 4, width}, {257, 4, height}, {258, 3, bits}, {259, 3, 1}, {262, 3, 1}, {277, 3, 1},
                {322, 4, tileWidth}, {323, 4, tileLength}, {324, 4, 0}, {325, 4, data.length}, {339, 3, sampleFormat},
            };
        }
        int ifd = 8;
        int dataAt = ifd + 2 + 12 * entries.length + 4;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(dataAt + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
        b.putShort((short) entries.length);
        for (int[] e : entries) {
            boolean offset = e[0] == 273 || e[0] == 324;
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
            if (e[1] == 3) {
                b.putShort((short) e[2]).putShort((short) 0);
            } else {
                b.putInt(offset ? dataAt : e[2]);
            }
        }
        b.putInt(0);
        b.put(data);
        return b.array();
    }

    /** A copy of {@code jpeg} with its last scan (SOS segment and data) repeated {@code copies} more times before EOI. */
    public static byte[] jpegWithRepeatedLastScan(byte[] jpeg, int copies) {
        int eoi = jpeg.length - 2;
        int sos = eoi - 1;
        while (!((jpeg[sos] & 0xFF) == 0xFF && (jpeg[sos + 1] & 0xFF) == 0xDA)) {
            sos--;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, eoi);
        for (int i = 0; i < copies; i++) {
            out.write(jpeg, sos, eoi - sos);
        }
        out.write(jpeg, eoi, 2);
        return out.toByteArray();
    }

    /** A copy of the JPEG whose SOF declares {@code width × height}. */
    public static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        int sof = jpegSofOffset(b);
        b[sof + 5] = (byte) (height >>> 8);
        b[sof + 6] = (byte) height;
        b[sof + 7] = (byte) (width >>> 8);
        b[sof + 8] = (byte) width;
        return b;
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
