/*
 * JNI binding of the TurboJPEG API (libjpeg-turbo) for io.hashstream.image.TurboJpeg.
 *
 * Why: the JDK's own JPEG reader is libjpeg 6b without SIMD; libjpeg-turbo decodes the same plain
 * JPEGs bit for bit identically (accurate integer IDCT, fancy upsampling, the same colour tables)
 * in less than half the CPU time. Every failure or warning returns a negative code and the Java side
 * hands the image to the JDK reader, which gives the verdict, so nothing is decided here.
 *
 * Memory: the compressed bytes are copied into native memory (no GC pinning during the decode), the
 * whole image (at full size, or at a DCT-scaled size) is decoded into one native buffer, subsampled in place (keep every step-th column of
 * every step-th row, as ImageIO's source subsampling does) and copied once into the Java array.
 * Everything allocated is freed before returning.
 *
 * boxShrink() goes one step further for the pipeline's usual case (a JPEG shrunk to the model's size by
 * a power-of-two box): it returns the model input instead of the image.
 *
 * Both can decode at a reduced size in the DCT domain (libjpeg's scaled inverse DCT, M/8): far less work
 * than decoding every pixel, but not the full-size pixels, so only an opt-in path uses it.
 */
#include "hashstream_jni.h"
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

/* A JPEG opened for decoding: its bytes in native memory, a decompressor and the frame header. */
typedef struct {
    unsigned char *bytes;
    unsigned long length;
    tjhandle handle;
    int width, height, subsampling, colorspace;
} hs_jpeg;

static void hs_jpeg_close(hs_jpeg *j) {
    if (j->handle != NULL) {
        tjDestroy(j->handle);
    }
    free(j->bytes);
    j->handle = NULL;
    j->bytes = NULL;
}

/* Copies the bytes in and reads the header: HS_OK, or a negative code with nothing left open. */
static jint hs_jpeg_open(JNIEnv *env, jbyteArray jpeg, hs_jpeg *j) {
    memset(j, 0, sizeof *j);
    j->subsampling = -1;
    j->colorspace = -1;
    jint length = (*env)->GetArrayLength(env, jpeg);
    if (length <= 0) {
        return HS_BAD_ARGUMENT;
    }
    j->bytes = hs_copy_in(env, jpeg, length);
    if (j->bytes == NULL) {
        return HS_NO_MEMORY;
    }
    j->length = (unsigned long) length;
    j->handle = tjInitDecompress();
    /* TurboJPEG 2.1 can return success for a header cut short without setting anything. */
    if (j->handle == NULL || tjDecompressHeader3(j->handle, j->bytes, j->length, &j->width, &j->height,
            &j->subsampling, &j->colorspace) != 0 || j->width <= 0 || j->height <= 0 || j->colorspace < 0) {
        hs_jpeg_close(j);
        return HS_DECLINED;
    }
    return HS_OK;
}

/* hs_jpeg_open, then HS_BAD_ARGUMENT (nothing left open) unless keeping every stepX-th column of every
   stepY-th row of the image at eighths/8 of its size gives exactly width x height pixels. */
static jint hs_jpeg_open_subsampled(JNIEnv *env, jbyteArray jpeg, jint eighths, jint stepX, jint stepY, jint width,
        jint height, hs_jpeg *j) {
    jint result = hs_jpeg_open(env, jpeg, j);
    const tjscalingfactor factor = {eighths, 8};
    if (result == HS_OK && ((TJSCALED(j->width, factor) - 1) / stepX + 1 != width
            || (TJSCALED(j->height, factor) - 1) / stepY + 1 != height)) {
        hs_jpeg_close(j);
        result = HS_BAD_ARGUMENT;
    }
    return result;
}

/* True when libjpeg-turbo offers the scaling factor num/denom. */
static int hs_scaling_offered(int num, int denom) {
    int count = 0;
    const tjscalingfactor *factors = tjGetScalingFactors(&count);
    for (int i = 0; factors != NULL && i < count; i++) {
        if ((long) factors[i].num * denom == (long) num * factors[i].denom) {
            return 1;
        }
    }
    return 0;
}

/* The image at eighths/8 of its size (8: every pixel; fewer: libjpeg's scaled inverse DCT), decoded into a
   new buffer (the caller frees it) in pixel format `format`, TJSCALED(width) x TJSCALED(height) pixels;
   NULL on any error or warning. STOPONWARNING: a warning (corrupt data, premature end) is a refusal here,
   as it is for the JDK reader's caller. LIMITSCANS: more than 500 progressive scans is a decompression
   bomb. */
static unsigned char *hs_jpeg_decode(hs_jpeg *j, int format, int eighths, jint *result) {
    const tjscalingfactor factor = {eighths, 8};
    const int width = TJSCALED(j->width, factor);
    const int height = TJSCALED(j->height, factor);
    const size_t stride = (size_t) width * (size_t) tjPixelSize[format];
    if (eighths < 1 || eighths > 8 || !hs_scaling_offered(eighths, 8)) {
        *result = HS_DECLINED;
        return NULL;
    }
    unsigned char *image = malloc(stride * (size_t) height);
    if (image == NULL) {
        *result = HS_NO_MEMORY;
        return NULL;
    }
    if (tjDecompress2(j->handle, j->bytes, j->length, image, width, (int) stride, height, format,
            TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS) != 0) {
        free(image);
        *result = HS_DECLINED;
        return NULL;
    }
    return image;
}

/* header(jpeg, out[4]): out = {width, height, TJSAMP_*, TJCS_*}; 0 or a negative code. */
JNIEXPORT jint JNICALL Java_io_hashstream_image_TurboJpeg_header(JNIEnv *env, jclass cls, jbyteArray jpeg,
        jintArray out) {
    (void) cls;
    if ((*env)->GetArrayLength(env, out) < 4) {
        return HS_BAD_ARGUMENT;
    }
    hs_jpeg j;
    jint result = hs_jpeg_open(env, jpeg, &j);
    if (result == HS_OK) {
        jint values[4] = {j.width, j.height, j.subsampling, j.colorspace};
        (*env)->SetIntArrayRegion(env, out, 0, 4, values);
        hs_jpeg_close(&j);
    }
    return result;
}

/*
 * decode(jpeg, gray, eighths, stepX, stepY, out, outWidth, outHeight): decodes at eighths/8 of the frame
 * size (8: every pixel; fewer: libjpeg's scaled inverse DCT and chroma upsampling do the reduction, so the
 * full-size image never exists) to 8-bit gray (gray != 0) or B,G,R bytes, keeps columns 0, stepX,
 * 2*stepX, ... of rows 0, stepY, ..., and writes outWidth * outHeight pixels, row by row without padding,
 * into out. 0 or a negative code.
 */
JNIEXPORT jint JNICALL Java_io_hashstream_image_TurboJpeg_decode(JNIEnv *env, jclass cls, jbyteArray jpeg,
        jboolean gray, jint eighths, jint stepX, jint stepY, jbyteArray out, jint outWidth, jint outHeight) {
    (void) cls;
    const int format = gray ? TJPF_GRAY : TJPF_BGR;
    const size_t pixel = (size_t) tjPixelSize[format];
    if (eighths < 1 || eighths > 8 || stepX < 1 || stepY < 1 || outWidth < 1 || outHeight < 1
            || (size_t) (*env)->GetArrayLength(env, out) < (size_t) outWidth * (size_t) outHeight * pixel) {
        return HS_BAD_ARGUMENT;
    }
    hs_jpeg j;
    jint result = hs_jpeg_open_subsampled(env, jpeg, eighths, stepX, stepY, outWidth, outHeight, &j);
    if (result != HS_OK) {
        return result;
    }
    unsigned char *image = hs_jpeg_decode(&j, format, eighths, &result);
    if (image != NULL) {
        if (stepX > 1 || stepY > 1) {
            const tjscalingfactor factor = {eighths, 8};
            hs_subsample_in_place(image, (size_t) TJSCALED(j.width, factor) * pixel, pixel, stepX, stepY, outWidth,
                    outHeight);
        }
        (*env)->SetByteArrayRegion(env, out, 0, (jsize) ((size_t) outWidth * pixel * (size_t) outHeight),
                (const jbyte *) image);
        result = HS_OK;
    }
    free(image);
    hs_jpeg_close(&j);
    return result;
}

/*
 * boxShrink(jpeg, eighths, stepX, stepY, kx, ky, outWidth, outHeight, levels, dst, offset): decodes at
 * eighths/8 of the size (8: every pixel, as decode(); fewer: the scaled inverse DCT) to R,G,B and
 * writes into dst at offset, for each output pixel (row by row) and channel, levels[(sum + K/2) >> log2 K]
 * where sum adds up the K = kx * ky samples of its box in the image subsampled by (stepX, stepY): output
 * (ox, oy) reads subsampled columns ox*kx .. ox*kx+kx-1 of rows oy*ky .. oy*ky+ky-1. That is
 * Preprocessor's integer box shrink, done here so that the decoded image is never copied into Java or
 * read back sample by sample; the floats come from the caller's table, so they are the same bits. kx and
 * ky are powers of two, and the scaled and subsampled size is exactly (outWidth*kx) x (outHeight*ky). 0 or a
 * negative code.
 */
JNIEXPORT jint JNICALL Java_io_hashstream_image_TurboJpeg_boxShrink(JNIEnv *env, jclass cls, jbyteArray jpeg,
        jint eighths, jint stepX, jint stepY, jint kx, jint ky, jint outWidth, jint outHeight, jfloatArray levels,
        jfloatArray dst, jint offset) {
    (void) cls;
    const size_t outLength = (size_t) outWidth * (size_t) outHeight * 3;
    if (eighths < 1 || eighths > 8 || stepX < 1 || stepY < 1 || kx < 1 || ky < 1 || kx > 64 || ky > 64 || (kx & (kx - 1)) != 0
            || (ky & (ky - 1)) != 0 || outWidth < 1 || outHeight < 1 || offset < 0
            || (*env)->GetArrayLength(env, levels) != 256
            || (size_t) (*env)->GetArrayLength(env, dst) < (size_t) offset + outLength) {
        return HS_BAD_ARGUMENT;
    }
    hs_jpeg j;
    jint result = hs_jpeg_open_subsampled(env, jpeg, eighths, stepX, stepY, outWidth * kx, outHeight * ky, &j);
    if (result != HS_OK) {
        return result;
    }
    unsigned char *image = NULL;
    jint *sums = NULL;
    jfloat *out = NULL;
    if ((sums = malloc((size_t) outWidth * 3 * sizeof(jint))) == NULL
            || (out = malloc(outLength * sizeof(jfloat))) == NULL) {
        result = HS_NO_MEMORY;
    } else if ((image = hs_jpeg_decode(&j, TJPF_RGB, eighths, &result)) != NULL) {
        jfloat table[256];
        (*env)->GetFloatArrayRegion(env, levels, 0, 256, table);
        int shift = 0;
        while ((1 << shift) < kx * ky) {
            shift++;
        }
        const jint half = (1 << shift) >> 1;
        const tjscalingfactor factor = {eighths, 8};
        const size_t stride = (size_t) TJSCALED(j.width, factor) * 3;
        const size_t columnStep = (size_t) stepX * 3;
        for (int oy = 0; oy < outHeight; oy++) {
            memset(sums, 0, (size_t) outWidth * 3 * sizeof(jint));
            for (int dy = 0; dy < ky; dy++) {
                const unsigned char *p = image + (size_t) (oy * ky + dy) * (size_t) stepY * stride;
                for (int ox = 0; ox < outWidth; ox++) {
                    jint r = 0, g = 0, b = 0;
                    for (int dx = 0; dx < kx; dx++, p += columnStep) {
                        r += p[0];
                        g += p[1];
                        b += p[2];
                    }
                    sums[3 * ox] += r;
                    sums[3 * ox + 1] += g;
                    sums[3 * ox + 2] += b;
                }
            }
            jfloat *row = out + (size_t) oy * (size_t) outWidth * 3;
            for (int i = 0; i < outWidth * 3; i++) {
                row[i] = table[(sums[i] + half) >> shift];
            }
        }
        (*env)->SetFloatArrayRegion(env, dst, offset, (jsize) outLength, out);
        result = HS_OK;
    }
    free(out);
    free(sums);
    free(image);
    hs_jpeg_close(&j);
    return result;
}
