/*
 * JNI binding of the TurboJPEG API (libjpeg-turbo) for io.hashstream.image.TurboJpeg.
 *
 * Why: the JDK's own JPEG reader is libjpeg 6b without SIMD; libjpeg-turbo decodes the same plain
 * JPEGs bit for bit identically (accurate integer IDCT, fancy upsampling, the same colour tables)
 * in less than half the CPU time. Every failure or warning returns a negative code and the Java side
 * hands the image to the JDK reader, which gives the verdict, so nothing is decided here.
 *
 * Memory: the compressed bytes are copied into native memory (no GC pinning during the decode), the
 * whole image is decoded into one native buffer, subsampled in place (keep every step-th column of
 * every step-th row, as ImageIO's source subsampling does) and copied once into the Java array.
 * Everything allocated is freed before returning.
 *
 * boxSums() goes one step further for the pipeline's usual case (a JPEG shrunk to the model's size by
 * a power-of-two box): it returns the boxes' integer sums instead of the image.
 */
#include "hashstream_jni.h"
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

/* header(jpeg, out[4]): out = {width, height, TJSAMP_*, TJCS_*}; 0 or a negative code. */
JNIEXPORT jint JNICALL Java_io_hashstream_image_TurboJpeg_header(JNIEnv *env, jclass cls, jbyteArray jpeg,
        jintArray out) {
    (void) cls;
    jint length = (*env)->GetArrayLength(env, jpeg);
    if (length <= 0 || (*env)->GetArrayLength(env, out) < 4) {
        return HS_BAD_ARGUMENT;
    }
    unsigned char *bytes = hs_copy_in(env, jpeg, length);
    if (bytes == NULL) {
        return HS_NO_MEMORY;
    }
    jint result = HS_DECLINED;
    tjhandle handle = tjInitDecompress();
    if (handle != NULL) {
        /* TurboJPEG 2.1 can return success for a header cut short without setting anything. */
        int width = 0, height = 0, subsampling = -1, colorspace = -1;
        if (tjDecompressHeader3(handle, bytes, (unsigned long) length, &width, &height, &subsampling,
                &colorspace) == 0 && width > 0 && height > 0 && colorspace >= 0) {
            jint values[4] = {width, height, subsampling, colorspace};
            (*env)->SetIntArrayRegion(env, out, 0, 4, values);
            result = HS_OK;
        }
        tjDestroy(handle);
    }
    free(bytes);
    return result;
}

/*
 * decode(jpeg, gray, stepX, stepY, out, outWidth, outHeight): decodes to 8-bit gray (gray != 0) or
 * B,G,R bytes, keeps columns 0, stepX, 2*stepX, ... of rows 0, stepY, ..., and writes
 * outWidth * outHeight pixels, row by row without padding, into out. 0 or a negative code.
 */
JNIEXPORT jint JNICALL Java_io_hashstream_image_TurboJpeg_decode(JNIEnv *env, jclass cls, jbyteArray jpeg,
        jboolean gray, jint stepX, jint stepY, jbyteArray out, jint outWidth, jint outHeight) {
    (void) cls;
    jint length = (*env)->GetArrayLength(env, jpeg);
    if (length <= 0 || stepX < 1 || stepY < 1 || outWidth < 1 || outHeight < 1) {
        return HS_BAD_ARGUMENT;
    }
    const int format = gray ? TJPF_GRAY : TJPF_BGR;
    const size_t pixel = (size_t) tjPixelSize[format];
    if ((size_t) (*env)->GetArrayLength(env, out) < (size_t) outWidth * (size_t) outHeight * pixel) {
        return HS_BAD_ARGUMENT;
    }
    unsigned char *bytes = hs_copy_in(env, jpeg, length);
    if (bytes == NULL) {
        return HS_NO_MEMORY;
    }
    jint result = HS_DECLINED;
    unsigned char *image = NULL;
    tjhandle handle = tjInitDecompress();
    int width = 0, height = 0, subsampling = -1, colorspace = -1;
    if (handle == NULL || tjDecompressHeader3(handle, bytes, (unsigned long) length, &width, &height,
            &subsampling, &colorspace) != 0 || width <= 0 || height <= 0) {
        goto done;
    }
    if ((width - 1) / stepX + 1 != outWidth || (height - 1) / stepY + 1 != outHeight) {
        result = HS_BAD_ARGUMENT;
        goto done;
    }
    const size_t stride = (size_t) width * pixel;
    image = malloc(stride * (size_t) height);
    if (image == NULL) {
        result = HS_NO_MEMORY;
        goto done;
    }
    /* STOPONWARNING: a warning (corrupt data, premature end) is a refusal here, as it is for the JDK
       reader's caller. LIMITSCANS: more than 500 progressive scans is a decompression bomb. */
    if (tjDecompress2(handle, bytes, (unsigned long) length, image, width, (int) stride, height, format,
            TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS) != 0) {
        goto done;
    }
    const size_t outStride = (size_t) outWidth * pixel;
    if (stepX > 1 || stepY > 1) {
        hs_subsample_in_place(image, stride, pixel, stepX, stepY, outWidth, outHeight);
    }
    (*env)->SetByteArrayRegion(env, out, 0, (jsize) (outStride * (size_t) outHeight), (const jbyte *) image);
    result = HS_OK;
done:
    if (handle != NULL) {
        tjDestroy(handle);
    }
    free(image);
    free(bytes);
    return result;
}

/*
 * boxSums(jpeg, stepX, stepY, kx, ky, outWidth, outHeight, sums): decodes to R,G,B and writes into sums,
 * for each output pixel (row by row) and channel, the sum of the kx * ky samples of its box in the image
 * subsampled by (stepX, stepY): output (ox, oy) reads subsampled columns ox*kx .. ox*kx+kx-1 of rows
 * oy*ky .. oy*ky+ky-1. That is the integer part of Preprocessor's box shrink, done here so that the
 * subsampled image is never built, copied into Java or read back sample by sample. The subsampled size
 * must be exactly (outWidth*kx) x (outHeight*ky). 0 or a negative code.
 */
JNIEXPORT jint JNICALL Java_io_hashstream_image_TurboJpeg_boxSums(JNIEnv *env, jclass cls, jbyteArray jpeg,
        jint stepX, jint stepY, jint kx, jint ky, jint outWidth, jint outHeight, jintArray sums) {
    (void) cls;
    jint length = (*env)->GetArrayLength(env, jpeg);
    if (length <= 0 || stepX < 1 || stepY < 1 || kx < 1 || ky < 1 || kx > 64 || ky > 64 || outWidth < 1
            || outHeight < 1 || (size_t) (*env)->GetArrayLength(env, sums) < (size_t) outWidth * (size_t) outHeight * 3) {
        return HS_BAD_ARGUMENT;
    }
    unsigned char *bytes = hs_copy_in(env, jpeg, length);
    if (bytes == NULL) {
        return HS_NO_MEMORY;
    }
    jint result = HS_DECLINED;
    unsigned char *image = NULL;
    jint *out = NULL;
    tjhandle handle = tjInitDecompress();
    int width = 0, height = 0, subsampling = -1, colorspace = -1;
    if (handle == NULL || tjDecompressHeader3(handle, bytes, (unsigned long) length, &width, &height,
            &subsampling, &colorspace) != 0 || width <= 0 || height <= 0) {
        goto done;
    }
    if ((width - 1) / stepX + 1 != outWidth * kx || (height - 1) / stepY + 1 != outHeight * ky) {
        result = HS_BAD_ARGUMENT;
        goto done;
    }
    const size_t stride = (size_t) width * 3;
    const size_t outLength = (size_t) outWidth * (size_t) outHeight * 3;
    image = malloc(stride * (size_t) height);
    out = calloc(outLength, sizeof(jint));
    if (image == NULL || out == NULL) {
        result = HS_NO_MEMORY;
        goto done;
    }
    /* The same flags as decode(): any warning declines. */
    if (tjDecompress2(handle, bytes, (unsigned long) length, image, width, (int) stride, height, TJPF_RGB,
            TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS) != 0) {
        goto done;
    }
    const size_t columnStep = (size_t) stepX * 3;
    for (int oy = 0; oy < outHeight; oy++) {
        jint *row = out + (size_t) oy * (size_t) outWidth * 3;
        for (int dy = 0; dy < ky; dy++) {
            const unsigned char *p = image + (size_t) (oy * ky + dy) * (size_t) stepY * stride;
            for (int ox = 0; ox < outWidth; ox++) {
                jint r = 0, g = 0, b = 0;
                for (int dx = 0; dx < kx; dx++, p += columnStep) {
                    r += p[0];
                    g += p[1];
                    b += p[2];
                }
                row[3 * ox] += r;
                row[3 * ox + 1] += g;
                row[3 * ox + 2] += b;
            }
        }
    }
    (*env)->SetIntArrayRegion(env, sums, 0, (jsize) outLength, out);
    result = HS_OK;
done:
    if (handle != NULL) {
        tjDestroy(handle);
    }
    free(out);
    free(image);
    free(bytes);
    return result;
}
