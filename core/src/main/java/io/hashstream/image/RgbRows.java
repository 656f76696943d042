package io.hashstream.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Reads any {@link BufferedImage} row by row as packed 8-bit RGB ({@code 0xRRGGBB}), the one pixel
 * view that resizing and hashing work on.
 *
 * <ul>
 *   <li>TYPE_3BYTE_BGR, TYPE_INT_RGB, TYPE_BYTE_GRAY, TYPE_4BYTE_ABGR, TYPE_INT_ARGB (what the decoders
 *       produce for nearly all JPEGs and PNGs) are read straight from the raster's array, no copy;</li>
 *   <li>grayscale of any bit depth (16-bit PNG): the stored sample scaled to 8 bits, rounding. The
 *       sample is taken as the display value (what every viewer shows), not run through Java's linear
 *       gray colour space, which would brighten it;</li>
 *   <li>everything else (palettes, 16-bit RGB, premultiplied): {@link BufferedImage#getRGB}.</li>
 * </ul>
 * Alpha is composited over white ({@code c' = (c·a + 255·(255 − a)) / 255}, rounded): a transparent
 * background reads as white, as on a web page, so a logo on transparency and the same logo on white match.
 */
final class RgbRows {
    private enum Kind { BGR, INT_RGB, INT_ARGB, GRAY, ABGR, GRAY_SAMPLES, GRAY_WIDE, GENERIC }

    private final BufferedImage image;
    private final Kind kind;
    private final int width;
    private byte[] bytes;
    private int[] ints;
    private int base;
    private int scanline;
    private int grayMax;
    private boolean grayAlpha;
    private int[] samples;
    private int[] alphaSamples;
    /** GRAY_WIDE: one row of 32-bit or floating-point gray samples, and the value of white. */
    private double[] wideSamples;
    private double wideWhite;
    private int[] packed;
    private int[] boxLine;

    RgbRows(BufferedImage image) {
        this.image = image;
        this.width = image.getWidth();
        this.kind = classify(image);
    }

    int width() {
        return width;
    }

    int height() {
        return image.getHeight();
    }

    /** True when every row has r = g = b. */
    boolean isGray() {
        return kind == Kind.GRAY || kind == Kind.GRAY_SAMPLES || kind == Kind.GRAY_WIDE;
    }

    private Kind classify(BufferedImage img) {
        Raster raster = img.getRaster();
        DataBuffer db = raster.getDataBuffer();
        int type = img.getType();
        if (db.getNumBanks() == 1 && raster.getSampleModel() instanceof ComponentSampleModel csm
                && db instanceof DataBufferByte dbb
                && (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_BYTE_GRAY
                    || type == BufferedImage.TYPE_4BYTE_ABGR)) {
            bytes = dbb.getData();
            scanline = csm.getScanlineStride();
            base = db.getOffset() - raster.getSampleModelTranslateY() * scanline
                    - raster.getSampleModelTranslateX() * csm.getPixelStride();
            return switch (type) {
                case BufferedImage.TYPE_3BYTE_BGR -> Kind.BGR;
                case BufferedImage.TYPE_BYTE_GRAY -> Kind.GRAY;
                default -> Kind.ABGR;
            };
        }
        if (db.getNumBanks() == 1 && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                && db instanceof DataBufferInt dbi
                && (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)) {
            ints = dbi.getData();
            scanline = sm.getScanlineStride();
            base = db.getOffset() - raster.getSampleModelTranslateY() * scanline - raster.getSampleModelTranslateX();
            return type == BufferedImage.TYPE_INT_RGB ? Kind.INT_RGB : Kind.INT_ARGB;
        }
        var cm = img.getColorModel();
        // Integer samples of up to 16 bits here; 32-bit and floating-point gray (TIFF) as GRAY_WIDE below,
        // scaled the same way (the colour model's getRGB would treat them as linear light: mid-grey 188).
        int grayBits = cm.getComponentSize(0);
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !cm.isAlphaPremultiplied()
                && raster.getNumBands() == cm.getNumComponents() && cm.getNumColorComponents() == 1
                && !(cm instanceof java.awt.image.IndexColorModel) && grayBits >= 1 && grayBits <= 16
                && raster.getTransferType() != DataBuffer.TYPE_FLOAT && raster.getTransferType() != DataBuffer.TYPE_DOUBLE) {
            grayMax = (1 << grayBits) - 1;
            grayAlpha = cm.hasAlpha();
            samples = new int[width];
            alphaSamples = grayAlpha ? new int[width] : null;
            return Kind.GRAY_SAMPLES;
        }
        int transfer = raster.getTransferType();
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !cm.hasAlpha()
                && raster.getNumBands() == 1 && cm.getNumColorComponents() == 1
                && !(cm instanceof java.awt.image.IndexColorModel)
                && (transfer == DataBuffer.TYPE_INT && grayBits == 32
                    || transfer == DataBuffer.TYPE_FLOAT || transfer == DataBuffer.TYPE_DOUBLE)) {
            wideSamples = new double[width];
            wideWhite = transfer == DataBuffer.TYPE_INT ? 4_294_967_295.0 : 1.0;
            return Kind.GRAY_WIDE;
        }
        samples = new int[width];
        return Kind.GENERIC;
    }

    /** Fills {@code dst[0, width)} with row {@code y} as 0xRRGGBB. Not thread-safe (reuses buffers). */
    void read(int y, int[] dst) {
        int w = width;
        switch (kind) {
            case BGR -> {
                int p = base + y * scanline;
                for (int x = 0; x < w; x++, p += 3) {
                    dst[x] = (bytes[p + 2] & 0xFF) << 16 | (bytes[p + 1] & 0xFF) << 8 | (bytes[p] & 0xFF);
                }
            }
            case GRAY -> {
                int p = base + y * scanline;
                for (int x = 0; x < w; x++) {
                    int v = bytes[p + x] & 0xFF;
                    dst[x] = v << 16 | v << 8 | v;
                }
            }
            case ABGR -> {
                int p = base + y * scanline;
                for (int x = 0; x < w; x++, p += 4) {
                    int a = bytes[p] & 0xFF;
                    dst[x] = onWhite(a, bytes[p + 3] & 0xFF) << 16 | onWhite(a, bytes[p + 2] & 0xFF) << 8
                            | onWhite(a, bytes[p + 1] & 0xFF);
                }
            }
            case INT_RGB -> {
                int p = base + y * scanline;
                for (int x = 0; x < w; x++) {
                    dst[x] = ints[p + x] & 0xFFFFFF;
                }
            }
            case INT_ARGB -> {
                int p = base + y * scanline;
                for (int x = 0; x < w; x++) {
                    dst[x] = argbOnWhite(ints[p + x]);
                }
            }
            case GRAY_SAMPLES -> {
                Raster r = image.getRaster();
                r.getSamples(0, y, w, 1, 0, samples);
                if (grayAlpha) {
                    r.getSamples(0, y, w, 1, 1, alphaSamples);
                }
                for (int x = 0; x < w; x++) {
                    int v = scale(samples[x]);
                    if (grayAlpha) {
                        v = onWhite(scale(alphaSamples[x]), v);
                    }
                    dst[x] = v << 16 | v << 8 | v;
                }
            }
            case GRAY_WIDE -> {
                image.getRaster().getSamples(0, y, w, 1, 0, wideSamples);
                for (int x = 0; x < w; x++) {
                    double sample = wideSamples[x];
                    if (wideWhite > 1 && sample < 0) {
                        sample += 4_294_967_296.0; // unsigned 32-bit, read as a signed int
                    }
                    double level = sample / wideWhite;
                    // NaN and values outside [0, 1] (floating-point TIFF need not stay inside) clamp
                    int v = level > 0 ? (int) Math.min(255, Math.round(level * 255)) : 0;
                    dst[x] = v << 16 | v << 8 | v;
                }
            }
            case GENERIC -> {
                image.getRGB(0, y, w, 1, samples, 0, w);
                for (int x = 0; x < w; x++) {
                    dst[x] = argbOnWhite(samples[x]);
                }
            }
            default -> throw new AssertionError(kind);
        }
    }

    /**
     * Adds row {@code y} to box sums: {@code sums[channels·o + c] +=} the samples of channel c of pixels
     * {@code [k·o, k·o + k)} (every {@code step}-th pixel from 0), for each of the {@code sums.length /
     * channels} outputs. Samples as {@link #readSamples} gives them. Straight from the raster's bytes for
     * the layouts JPEG decoding gives; the rest through {@link #readSamples} into a reused buffer.
     */
    void addBoxRow(int y, int step, int k, int channels, int[] sums) {
        boolean rgb = channels == 3;
        if (kind == Kind.BGR && rgb) {
            int p = base + y * scanline;
            int stride = 3 * step;
            for (int o = 0; o < sums.length; o += 3) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int t = 0; t < k; t++, p += stride) {
                    r += bytes[p + 2] & 0xFF;
                    g += bytes[p + 1] & 0xFF;
                    b += bytes[p] & 0xFF;
                }
                sums[o] += r;
                sums[o + 1] += g;
                sums[o + 2] += b;
            }
            return;
        }
        if (kind == Kind.GRAY && !rgb) {
            int p = base + y * scanline;
            for (int o = 0; o < sums.length; o++) {
                int v = 0;
                for (int t = 0; t < k; t++, p += step) {
                    v += GRAY_LUMA8[bytes[p] & 0xFF];
                }
                sums[o] += v;
            }
            return;
        }
        int n = sums.length / channels * k;
        if (boxLine == null || boxLine.length < n * channels) {
            boxLine = new int[n * channels];
        }
        int[] line = boxLine;
        readSamples(y, step, n, channels, line);
        for (int o = 0, i = 0; o < sums.length; o += channels) {
            for (int t = 0; t < k; t++) {
                for (int c = 0; c < channels; c++) {
                    sums[o + c] += line[i++];
                }
            }
        }
    }

    /**
     * Fills {@code line} with {@code n} pixels of row {@code y} (every {@code step}-th from 0) as 8-bit
     * levels: R, G, B per pixel for 3 channels; for 1 channel the luminance {@link Preprocessor#luminance}
     * rounded to 8 bits. The common layouts are read straight from the raster's array; the rest through
     * {@link #read}. Not thread-safe (reuses buffers).
     */
    void readSamples(int y, int step, int n, int channels, int[] line) {
        boolean rgb = channels == 3;
        switch (kind) {
            case BGR -> {
                int p = base + y * scanline;
                int stride = 3 * step;
                if (rgb) {
                    for (int x = 0, i = 0; x < n; x++, i += 3, p += stride) {
                        line[i] = bytes[p + 2] & 0xFF;
                        line[i + 1] = bytes[p + 1] & 0xFF;
                        line[i + 2] = bytes[p] & 0xFF;
                    }
                } else {
                    for (int x = 0; x < n; x++, p += stride) {
                        line[x] = luma8(bytes[p + 2] & 0xFF, bytes[p + 1] & 0xFF, bytes[p] & 0xFF);
                    }
                }
            }
            case GRAY -> {
                int p = base + y * scanline;
                if (rgb) {
                    for (int x = 0, i = 0; x < n; x++, i += 3, p += step) {
                        int v = bytes[p] & 0xFF;
                        line[i] = v;
                        line[i + 1] = v;
                        line[i + 2] = v;
                    }
                } else {
                    for (int x = 0; x < n; x++, p += step) {
                        line[x] = GRAY_LUMA8[bytes[p] & 0xFF];
                    }
                }
            }
            case INT_RGB -> {
                int p = base + y * scanline;
                if (rgb) {
                    for (int x = 0, i = 0; x < n; x++, i += 3, p += step) {
                        int v = ints[p];
                        line[i] = (v >>> 16) & 0xFF;
                        line[i + 1] = (v >>> 8) & 0xFF;
                        line[i + 2] = v & 0xFF;
                    }
                } else {
                    for (int x = 0; x < n; x++, p += step) {
                        int v = ints[p];
                        line[x] = luma8((v >>> 16) & 0xFF, (v >>> 8) & 0xFF, v & 0xFF);
                    }
                }
            }
            default -> {
                if (packed == null) {
                    packed = new int[width];
                }
                read(y, packed);
                if (rgb) {
                    for (int x = 0, i = 0; x < n; x++, i += 3) {
                        int v = packed[x * step];
                        line[i] = (v >>> 16) & 0xFF;
                        line[i + 1] = (v >>> 8) & 0xFF;
                        line[i + 2] = v & 0xFF;
                    }
                } else {
                    for (int x = 0; x < n; x++) {
                        int v = packed[x * step];
                        line[x] = luma8((v >>> 16) & 0xFF, (v >>> 8) & 0xFF, v & 0xFF);
                    }
                }
            }
        }
    }

    /*
     * Tables instead of int-to-float conversions (see Preprocessor.SAMPLE): each entry is the very float
     * the arithmetic gives, so the results are bit-identical.
     */

    /** The three products of {@link Preprocessor#luminance}: {@code 0.299f * v}, {@code 0.587f * v}, {@code 0.114f * v}. */
    private static final float[] LUMA_R = new float[256];
    private static final float[] LUMA_G = new float[256];
    private static final float[] LUMA_B = new float[256];
    /** {@link #luma8} of gray pixels (r = g = b = v). */
    private static final int[] GRAY_LUMA8 = new int[256];

    static {
        for (int v = 0; v < 256; v++) {
            LUMA_R[v] = 0.299f * v;
            LUMA_G[v] = 0.587f * v;
            LUMA_B[v] = 0.114f * v;
        }
        for (int v = 0; v < 256; v++) {
            GRAY_LUMA8[v] = luma8(v, v, v);
        }
    }

    /**
     * Luminance of one pixel rounded to 8 bits: {@code (int) (Preprocessor.luminance(r, g, b) + 0.5f)}, the
     * same sums of the same products in the same order.
     */
    private static int luma8(int r, int g, int b) {
        return (int) (LUMA_R[r] + LUMA_G[g] + LUMA_B[b] + 0.5f);
    }

    private int scale(int sample) {
        return grayMax == 255 ? sample : (int) ((sample * 255L * 2 + grayMax) / (2L * grayMax));
    }

    private static int argbOnWhite(int argb) {
        int a = argb >>> 24;
        if (a == 255) {
            return argb & 0xFFFFFF;
        }
        return onWhite(a, (argb >> 16) & 0xFF) << 16 | onWhite(a, (argb >> 8) & 0xFF) << 8 | onWhite(a, argb & 0xFF);
    }

    /** Colour {@code c} with alpha {@code a} over white, rounded to nearest. */
    static int onWhite(int a, int c) {
        return (c * a + 255 * (255 - a) + 127) / 255;
    }
}
