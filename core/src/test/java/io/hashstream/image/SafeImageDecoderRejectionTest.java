package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal reason, each provoked by a real crafted file. */
class SafeImageDecoderRejectionTest {

    private final SafeImageDecoder decoder = new SafeImageDecoder();
    private static final BufferedImage PICTURE = TestImages.shapes(7, 96, 64);

    private static ImageRejectReason reasonOf(SafeImageDecoder d, byte[] bytes) {
        try {
            BufferedImage img = d.decode(bytes);
            throw new AssertionError("decoded " + img.getWidth() + "x" + img.getHeight() + " instead of refusing");
        } catch (ImageRejectedException e) {
            assertThat(e.code()).isEqualTo(e.reason().code()).startsWith("image.");
            assertThat(e.getMessage()).startsWith(e.code());
            return e.reason();
        }
    }

    private ImageRejectReason reasonOf(byte[] bytes) {
        return reasonOf(decoder, bytes);
    }

    @Test
    void codesAreDistinctAndSnakeCase() {
        Set<String> codes = new java.util.HashSet<>();
        for (ImageRejectReason r : ImageRejectReason.values()) {
            assertThat(r.code()).matches("image\\.[a-z]+(_[a-z]+)*");
            assertThat(codes.add(r.code())).as(r.code()).isTrue();
        }
    }

    @Test
    void zeroBytesAreEmpty() {
        assertThat(reasonOf(new byte[0])).isEqualTo(ImageRejectReason.EMPTY);
        assertThat(reasonOf(null)).isEqualTo(ImageRejectReason.EMPTY);
    }

    @Test
    void moreBytesThanTheLimitAreRefusedBeforeParsing() {
        byte[] jpeg = TestImages.jpeg(PICTURE, 0.9f, false);
        SafeImageDecoder small = new SafeImageDecoder(DecodeLimits.defaults().withMaxBytes(jpeg.length - 1));
        assertThat(reasonOf(small, jpeg)).isEqualTo(ImageRejectReason.TOO_MANY_BYTES);
        SafeImageDecoder exact = new SafeImageDecoder(DecodeLimits.defaults().withMaxBytes(jpeg.length));
        assertThat(decodeOrFail(exact, jpeg).getWidth()).isEqualTo(96);
        // Default limit: a 33 MiB value is refused on its length alone, its content never looked at.
        byte[] huge = Arrays.copyOf(jpeg, (int) DecodeLimits.DEFAULT_MAX_BYTES + 1);
        assertThat(reasonOf(huge)).isEqualTo(ImageRejectReason.TOO_MANY_BYTES);
    }

    @Test
    void pngBombDeclaring100kBy100kIsRefusedFromTheHeader() {
        byte[] bomb = TestImages.pngDeclaring(100_000, 100_000);
        assertThat(bomb.length).isLessThan(200);
        assertThat(reasonOf(bomb)).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
    }

    @Test
    void aSideLongerThanTheLimitIsRefusedFromTheHeaderEvenUnderThePixelLimit() {
        // 33M x 1 is under 40 MP, but a reader would size its row buffers (hundreds of MB) by the width.
        byte[] wide = TestImages.pngDeclaring(33_000_000, 1);
        assertThat(reasonOf(wide)).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
        assertThat(reasonOf(TestImages.pngDeclaring(1, 33_000_000))).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
        assertThat(decodeOrFail(decoder, TestImages.encode(TestImages.shapes(2, DecodeLimits.MAX_SIDE, 2), "png"))
                .getWidth()).isEqualTo(DecodeLimits.MAX_SIDE);
    }

    @Test
    void aJpegWithMoreScansThanTheLimitIsRefusedBeforeAnyDecoder() {
        byte[] progressive = TestImages.jpeg(PICTURE, 0.9f, true);
        int scans = ImageStructure.jpegScans(progressive);
        assertThat(scans).isBetween(2, 20);
        assertThat(ImageStructure.jpegScans(TestImages.jpeg(PICTURE, 0.9f, false))).isEqualTo(1);
        assertThat(decodeOrFail(decoder, progressive).getWidth()).isEqualTo(96);
        byte[] atLimit = TestImages.jpegWithRepeatedLastScan(progressive, DecodeLimits.MAX_JPEG_SCANS - scans);
        assertThat(ImageStructure.jpegScans(atLimit)).isEqualTo(DecodeLimits.MAX_JPEG_SCANS);
        byte[] bomb = TestImages.jpegWithRepeatedLastScan(progressive, 5_000);
        assertThat(reasonOf(bomb)).isEqualTo(ImageRejectReason.TOO_MANY_SCANS);
        assertThat(reasonOf(TestImages.jpegWithRepeatedLastScan(progressive, DecodeLimits.MAX_JPEG_SCANS - scans + 1)))
                .isEqualTo(ImageRejectReason.TOO_MANY_SCANS);
        for (SafeImageDecoder d : new SafeImageDecoder[] {decoder.withNativeJpeg(false), decoder.withNativeJpeg(true)}) {
            assertThat(reasonOf(d, bomb)).isEqualTo(ImageRejectReason.TOO_MANY_SCANS);
        }
    }

    @Test
    void scanMarkersInsideAnApplicationSegmentAreNotScans() {
        byte[] jpeg = TestImages.jpeg(PICTURE, 0.9f, false);
        byte[] payload = new byte[2 + 4 * 300];
        payload[0] = 'X';
        for (int i = 2; i + 1 < payload.length; i += 4) {
            payload[i] = (byte) 0xFF;
            payload[i + 1] = (byte) 0xDA;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE9); // APP9
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.write(payload, 0, payload.length);
        out.write(jpeg, 2, jpeg.length - 2);
        assertThat(ImageStructure.jpegScans(out.toByteArray())).isEqualTo(1);
        assertThat(decodeOrFail(decoder, out.toByteArray()).getWidth()).isEqualTo(96);
    }

    @Test
    void aTiffWhoseTileWouldNotFitInTheHeapIsRefusedFromItsTagsAndTheJvmGoesOn() {
        // 1x1 pixel, tiles of 0x7FFFFFF0 x 16: a reader that sizes its tile buffer from the tag asks for
        // more than any heap. Refused from the tags, before a reader exists: with the heap half full (the
        // index lives there) the OutOfMemoryError would otherwise fail the task.
        byte[] tiff = TestImages.tiff(1, 1, 8, 1, 0x7FFF_FFF0, 16, new byte[256]);
        assertThat(reasonOf(tiff)).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
        // tile sides near the 32-bit maximum (entries 6 and 7 of the IFD at byte 8): their product overflows a long
        byte[] wide = tiff.clone();
        for (int entry : new int[] {6, 7}) {
            java.nio.ByteBuffer.wrap(wide).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8 + 2 + 12 * entry + 8, 0xFFFF_FFF0);
        }
        assertThat(reasonOf(wide)).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
        // a row of one tile longer than any image side; tiles under the pixel limit whose 8-byte pixels
        // take more than 4 bytes per pixel of it
        assertThat(reasonOf(TestImages.tiff(1, 1, 8, 1, 70_000, 16, new byte[256]))).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
        // (4,096 x 8,192 = 33.5 M pixels, under the 40 M limit, at 8 bytes: 268 MB, over 4 x 40 M)
        assertThat(reasonOf(TestImages.tiff(1, 1, 64, 1, 4_096, 8_192, new byte[256]))).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
        assertThat(decodeOrFail(decoder, TestImages.encode(PICTURE, "png")).getWidth()).isEqualTo(96);
    }

    @Test
    void tiffsWithOrdinaryTilesAndStripsStillDecode() {
        // a 1x1 image in a 16x16 tile (tiles are padded to multiples of 16), and a 3x2 image in one strip
        assertThat(decodeOrFail(decoder, TestImages.tiff(1, 1, 8, 1, 16, 16, new byte[256])).getWidth()).isEqualTo(1);
        assertThat(decodeOrFail(decoder, TestImages.tiff(3, 2, 8, 1, 0, 0, new byte[6])).getWidth()).isEqualTo(3);
        // 16-bit samples too; a pixel of more than 16 bytes (here one 128-bit sample) is refused from the tags
        assertThat(decodeOrFail(decoder, TestImages.tiff(3, 2, 16, 1, 0, 0, new byte[12])).getWidth()).isEqualTo(3);
        assertThat(reasonOf(TestImages.tiff(3, 2, 128, 1, 0, 0, new byte[96]))).isEqualTo(ImageRejectReason.CORRUPT);
    }

    @Test
    void refusingBombsAllocatesAlmostNothing() {
        byte[][] bombs = {
            TestImages.pngDeclaring(100_000, 100_000),
            TestImages.pngDeclaring(33_000_000, 1),
            TestImages.jpegDeclaring(TestImages.jpeg(PICTURE, 0.9f, false), 65_000, 65_000),
            gifDeclaring(TestImages.encode(TestImages.shapes(3, 32, 32), "gif"), 65_535, 65_535),
            TestImages.tiff(1, 1, 8, 1, 0x7FFF_FFF0, 16, new byte[256]),
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (byte[] bomb : bombs) {
            assertThat(reasonOf(bomb)).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS); // warm up: class loading
            long before = threads.getCurrentThreadAllocatedBytes();
            assertThat(reasonOf(bomb)).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // Decoding would need gigabytes; a refusal from the header is reader set-up and an exception.
            assertThat(allocated).as("bytes allocated refusing a bomb").isLessThan(2L * 1024 * 1024);
        }
    }

    @Test
    void pixelLimitIsInclusive() {
        byte[] png = TestImages.encode(TestImages.shapes(1, 100, 50), "png");
        SafeImageDecoder atLimit = new SafeImageDecoder(DecodeLimits.defaults().withMaxPixels(5000));
        assertThat(decodeOrFail(atLimit, png).getWidth()).isEqualTo(100);
        SafeImageDecoder below = new SafeImageDecoder(DecodeLimits.defaults().withMaxPixels(4999));
        assertThat(reasonOf(below, png)).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
    }

    @Test
    void defaultLimitIs40Megapixels() {
        assertThat(reasonOf(TestImages.pngDeclaring(8000, 5001))).isEqualTo(ImageRejectReason.TOO_MANY_PIXELS);
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 100, 300, 600})
    void truncatedJpegIsTruncated(int keep) {
        byte[] jpeg = TestImages.jpeg(PICTURE, 0.95f, false);
        assertThat(jpeg.length).isGreaterThan(keep + 100);
        assertThat(reasonOf(Arrays.copyOf(jpeg, keep))).isEqualTo(ImageRejectReason.TRUNCATED);
    }

    @Test
    void jpegWhoseScanStopsEarlyButEndsWithEoiIsTruncated() {
        // Structure looks complete, so only libjpeg's "premature end" warning tells.
        byte[] jpeg = TestImages.jpeg(PICTURE, 0.95f, false);
        int scan = TestImages.jpegScanDataOffset(jpeg);
        byte[] cut = Arrays.copyOf(jpeg, scan + 40 + 2);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9;
        assertThat(reasonOf(cut)).isEqualTo(ImageRejectReason.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 20, 40, 200})
    void truncatedPngIsTruncated(int keep) {
        byte[] png = TestImages.encode(PICTURE, "png");
        assertThat(reasonOf(Arrays.copyOf(png, keep))).isEqualTo(ImageRejectReason.TRUNCATED);
        assertThat(reasonOf(Arrays.copyOf(png, png.length - 5))).isEqualTo(ImageRejectReason.TRUNCATED);
    }

    @Test
    void pngWithValidChunksButCutImageDataIsTruncated() {
        byte[] png = TestImages.encode(PICTURE, "png");
        byte[] idat = TestImages.pngIdat(png);
        byte[] cut = TestImages.pngWithIdat(png, Arrays.copyOf(idat, idat.length / 2));
        assertThat(reasonOf(cut)).isEqualTo(ImageRejectReason.TRUNCATED);
    }

    @Test
    void bitFlippedPngFailsItsChecksum() {
        byte[] png = TestImages.encode(PICTURE, "png");
        byte[] flipped = png.clone();
        flipped[png.length / 2] ^= 0x10;
        assertThat(reasonOf(flipped)).isEqualTo(ImageRejectReason.CORRUPT);
    }

    @Test
    void pngWithGarbageImageDataAndValidChecksumsIsCorrupt() {
        byte[] png = TestImages.encode(PICTURE, "png");
        byte[] idat = TestImages.pngIdat(png);
        for (int i = 2; i < idat.length; i += 7) {
            idat[i] ^= (byte) 0xA5;
        }
        assertThat(reasonOf(TestImages.pngWithIdat(png, idat))).isEqualTo(ImageRejectReason.CORRUPT);
    }

    @Test
    void pngDeclaringZeroWidthIsCorrupt() {
        assertThat(reasonOf(TestImages.pngDeclaring(0, 10))).isEqualTo(ImageRejectReason.CORRUPT);
    }

    @Test
    void jpegWithBitFlippedScanDataIsCorrupt() {
        // JPEG has no checksum: a single flipped bit may decode to damaged pixels unnoticed. Heavier damage
        // produces invalid markers or Huffman codes, which are refused.
        byte[] jpeg = TestImages.jpeg(PICTURE, 0.95f, false);
        int scan = TestImages.jpegScanDataOffset(jpeg);
        byte[] flipped = jpeg.clone();
        for (int i = scan + 10; i < jpeg.length - 2; i += 50) {
            flipped[i] ^= 0x5A;
        }
        assertThat(reasonOf(flipped)).isEqualTo(ImageRejectReason.CORRUPT);
    }

    @Test
    void jpegWithImpossibleHeaderIsCorrupt() {
        byte[] jpeg = TestImages.jpeg(PICTURE, 0.95f, false);
        byte[] zeroWidth = TestImages.jpegDeclaring(jpeg, 0, 64);
        assertThat(reasonOf(zeroWidth)).isEqualTo(ImageRejectReason.CORRUPT);
        byte[] badComponents = jpeg.clone();
        badComponents[TestImages.jpegSofOffset(jpeg) + 9] = 0; // zero colour components
        assertThat(reasonOf(badComponents)).isEqualTo(ImageRejectReason.CORRUPT);
    }

    @Test
    void bytesThatAreNoImageAreUnknownFormat() {
        assertThat(reasonOf("{\"id\":\"not an image\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ImageRejectReason.UNKNOWN_FORMAT);
        assertThat(reasonOf(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0})).isEqualTo(ImageRejectReason.UNKNOWN_FORMAT);
        assertThat(reasonOf(new byte[] {0})).isEqualTo(ImageRejectReason.UNKNOWN_FORMAT);
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[1 + r.nextInt(2000)];
            r.nextBytes(noise);
            ImageFormat sniffed = ImageFormat.sniff(noise);
            ImageRejectReason reason = reasonOf(noise);
            if (sniffed == null) {
                assertThat(reason).isEqualTo(ImageRejectReason.UNKNOWN_FORMAT);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unsupported.heic", "unsupported.psd", "unsupported.ico", "unsupported.jp2"})
    void realFilesInFormatsWeDoNotDecodeAreUnsupported(String file) {
        assertThat(reasonOf(TestImages.resource(file))).isEqualTo(ImageRejectReason.UNSUPPORTED_FORMAT);
    }

    @Test
    void truncatedWebpIsTruncated() {
        byte[] webp = TestImages.resource("lossy.webp");
        assertThat(reasonOf(Arrays.copyOf(webp, webp.length - 10))).isEqualTo(ImageRejectReason.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 13, 400, 1500, 3000})
    void truncatedGifIsTruncated(int keep) {
        byte[] gif = TestImages.encode(TestImages.shapes(3, 120, 90), "gif");
        assertThat(gif.length).isGreaterThan(keep + 100);
        assertThat(reasonOf(Arrays.copyOf(gif, keep))).isEqualTo(ImageRejectReason.TRUNCATED);
    }

    @Test
    void gifMissingOnlyItsTrailerStillGivesItsFirstFrame() {
        byte[] gif = TestImages.encode(TestImages.shapes(3, 120, 90), "gif");
        assertThat(decodeOrFail(decoder, Arrays.copyOf(gif, gif.length - 1)).getWidth()).isEqualTo(120);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 10, 30, 5000})
    void truncatedBmpIsTruncated(int keep) {
        byte[] bmp = TestImages.encode(TestImages.shapes(3, 120, 90), "bmp");
        assertThat(reasonOf(Arrays.copyOf(bmp, keep))).isEqualTo(ImageRejectReason.TRUNCATED);
    }

    @Test
    void textThatStartsLikeABmpIsNoImage() {
        assertThat(reasonOf("BMW owners club newsletter".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(ImageRejectReason.UNKNOWN_FORMAT);
    }

    @Test
    void everyReasonIsCoveredByATestAbove() {
        // Guard: a new reason needs a crafted file in this class.
        assertThat(EnumSet.allOf(ImageRejectReason.class)).containsExactlyInAnyOrder(
                ImageRejectReason.EMPTY, ImageRejectReason.TOO_MANY_BYTES, ImageRejectReason.TOO_MANY_PIXELS,
                ImageRejectReason.TOO_MANY_SCANS,
                ImageRejectReason.TRUNCATED, ImageRejectReason.CORRUPT, ImageRejectReason.UNSUPPORTED_FORMAT,
                ImageRejectReason.UNKNOWN_FORMAT);
    }

    /** A copy of a GIF whose logical screen and first image descriptor declare {@code w × h}. */
    private static byte[] gifDeclaring(byte[] gif, int w, int h) {
        byte[] b = gif.clone();
        putLe16(b, 6, w);
        putLe16(b, 8, h);
        int p = 13;
        if ((b[10] & 0x80) != 0) {
            p += 3 * (1 << ((b[10] & 7) + 1)); // global colour table
        }
        while (b[p] == 0x21) { // extension blocks
            p += 2;
            while (b[p] != 0) {
                p += (b[p] & 0xFF) + 1;
            }
            p++;
        }
        assertThat(b[p]).isEqualTo((byte) 0x2C); // image descriptor
        putLe16(b, p + 5, w);
        putLe16(b, p + 7, h);
        return b;
    }

    private static void putLe16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static BufferedImage decodeOrFail(SafeImageDecoder d, byte[] bytes) {
        try {
            return d.decode(bytes);
        } catch (ImageRejectedException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }
}
