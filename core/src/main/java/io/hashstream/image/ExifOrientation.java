package io.hashstream.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 in IFD0 of the APP1 "Exif" segment) and how to apply it.
 * Cameras store pixels in sensor order and record the rotation in this tag; every viewer applies it, so
 * the decoder does too: two copies of one photo, one rotated in its pixels and one only in its tag, then
 * give the same model input.
 *
 * <p>The parser reads only the segment headers before the first scan, with every offset bounds-checked:
 * hostile input yields {@link #NORMAL}, never an exception.
 */
public enum ExifOrientation {
    NORMAL(1), MIRROR_HORIZONTAL(2), ROTATE_180(3), MIRROR_VERTICAL(4),
    TRANSPOSE(5), ROTATE_90_CW(6), TRANSVERSE(7), ROTATE_270_CW(8);

    private final int tagValue;

    ExifOrientation(int tagValue) {
        this.tagValue = tagValue;
    }

    public int tagValue() {
        return tagValue;
    }

    /** True when width and height trade places. */
    public boolean swapsAxes() {
        return tagValue >= 5;
    }

    public static ExifOrientation ofTagValue(int v) {
        return v >= 1 && v <= 8 ? values()[v - 1] : NORMAL;
    }

    /** The orientation recorded in a JPEG's EXIF segment; {@link #NORMAL} if absent or unreadable. */
    public static ExifOrientation ofJpeg(byte[] jpeg) {
        int p = 2; // after SOI
        while (p + 4 <= jpeg.length) {
            if ((jpeg[p] & 0xFF) != 0xFF) {
                return NORMAL;
            }
            int marker = jpeg[p + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: no EXIF after this
                return NORMAL;
            }
            int length = u16(jpeg, p + 2, false);
            if (length < 2) {
                return NORMAL;
            }
            int body = p + 4;
            int end = p + 2 + length;
            if (end > jpeg.length) {
                return NORMAL;
            }
            if (marker == 0xE1 && end - body >= 14 && isExifHeader(jpeg, body)) {
                return ofTiff(jpeg, body + 6, end);
            }
            p = end;
        }
        return NORMAL;
    }

    private static boolean isExifHeader(byte[] b, int at) {
        return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0 && b[at + 5] == 0;
    }

    /** Reads the orientation from a TIFF structure in {@code b[start, end)}. */
    private static ExifOrientation ofTiff(byte[] b, int start, int end) {
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return NORMAL;
        }
        if (u16(b, start + 2, little) != 42) {
            return NORMAL;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || start + ifd + 2 > end) {
            return NORMAL;
        }
        int dir = (int) (start + ifd);
        int entries = u16(b, dir, little);
        for (int i = 0; i < entries; i++) {
            int e = dir + 2 + 12 * i;
            if (e + 12 > end) {
                return NORMAL;
            }
            if (u16(b, e, little) == 0x0112 && u16(b, e + 2, little) == 3) { // tag Orientation, type SHORT
                return ofTagValue(u16(b, e + 8, little));
            }
        }
        return NORMAL;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int b0 = b[at] & 0xFF;
        int b1 = b[at + 1] & 0xFF;
        return little ? b0 | (b1 << 8) : (b0 << 8) | b1;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long lo = u16(b, little ? at : at + 2, little);
        long hi = u16(b, little ? at + 2 : at, little);
        return (hi << 16) | lo;
    }

    /** The image as it should be displayed: a new image for any orientation but {@link #NORMAL}. */
    public BufferedImage apply(BufferedImage src) {
        if (this == NORMAL) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        int dw = swapsAxes() ? h : w;
        int dh = swapsAxes() ? w : h;
        ColorModel cm = src.getColorModel();
        Raster in = src.getRaster();
        WritableRaster out = in.createCompatibleWritableRaster(dw, dh);
        Object pixel = null;
        for (int dy = 0; dy < dh; dy++) {
            for (int dx = 0; dx < dw; dx++) {
                int sx;
                int sy;
                switch (this) {
                    case MIRROR_HORIZONTAL -> { sx = w - 1 - dx; sy = dy; }
                    case ROTATE_180 -> { sx = w - 1 - dx; sy = h - 1 - dy; }
                    case MIRROR_VERTICAL -> { sx = dx; sy = h - 1 - dy; }
                    case TRANSPOSE -> { sx = dy; sy = dx; }
                    case ROTATE_90_CW -> { sx = dy; sy = h - 1 - dx; }
                    case TRANSVERSE -> { sx = w - 1 - dy; sy = h - 1 - dx; }
                    case ROTATE_270_CW -> { sx = w - 1 - dy; sy = dx; }
                    default -> throw new AssertionError(this);
                }
                pixel = in.getDataElements(sx, sy, pixel);
                out.setDataElements(dx, dy, pixel);
            }
        }
        return new BufferedImage(cm, out, cm.isAlphaPremultiplied(), null);
    }
}
