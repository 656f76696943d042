package io.hashstream.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/** Test-only snapshot of {@code RgbRows} as {@link ReferencePreprocessorV1} used it; see there. */
final class ReferenceRgbRowsV1 {
    private enum Kind { BGR, INT_RGB, INT_ARGB, GRAY, ABGR, GRAY_SAMPLES, GENERIC }

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

    ReferenceRgbRowsV1(BufferedImage image) {
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
        return kind == Kind.GRAY || kind == Kind.GRAY_SAMPLES;
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
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !cm.isAlphaPremultiplied()
                && raster.getNumBands() == cm.getNumComponents() && cm.getNumColorComponents() == 1
                && !(cm instanceof java.awt.image.IndexColorModel)) {
            grayMax = (1 << cm.getComponentSize(0)) - 1;
            grayAlpha = cm.hasAlpha();
            samples = new int[width];
            alphaSamples = grayAlpha ? new int[width] : null;
            return Kind.GRAY_SAMPLES;
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
            case GENERIC -> {
                image.getRGB(0, y, w, 1, samples, 0, w);
                for (int x = 0; x < w; x++) {
                    dst[x] = argbOnWhite(samples[x]);
                }
            }
            default -> throw new AssertionError(kind);
        }
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
