/*
 * JNI binding of libwebp's decoder for io.hashstream.image.LibWebp: lossless WebP only.
 *
 * Why: TwelveMonkeys' lossless decoder is pure Java, and a 329-byte hostile file costs it seconds of
 * CPU (BENCHMARKS.md, "Fuzzing"); libwebp refuses that file at once. Lossless decoding is exact, so
 * for valid files the pixels are the ones TwelveMonkeys gives (TYPE_3BYTE_BGR, or TYPE_4BYTE_ABGR
 * with alpha). Memory: the bytes are copied into native memory, the image is decoded into one native
 * buffer, subsampled in place (every step-th column of every step-th row) and copied once into the
 * Java array; everything is freed before returning.
 */
#include "hashstream_jni.h"
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

/* features(webp, out[5]): out = {width, height, has_alpha, has_animation, format}; a VP8StatusCode. */
JNIEXPORT jint JNICALL Java_io_hashstream_image_LibWebp_features(JNIEnv *env, jclass cls, jbyteArray webp,
        jintArray out) {
    (void) cls;
    jint length = (*env)->GetArrayLength(env, webp);
    if (length <= 0 || (*env)->GetArrayLength(env, out) < 5) {
        return HS_BAD_ARGUMENT;
    }
    uint8_t *bytes = hs_copy_in(env, webp, length);
    if (bytes == NULL) {
        return HS_NO_MEMORY;
    }
    WebPBitstreamFeatures features;
    VP8StatusCode status = WebPGetFeatures(bytes, (size_t) length, &features);
    if (status == VP8_STATUS_OK) {
        jint values[5] = {features.width, features.height, features.has_alpha, features.has_animation,
                features.format};
        (*env)->SetIntArrayRegion(env, out, 0, 5, values);
    }
    free(bytes);
    return (jint) status;
}

/*
 * decode(webp, alpha, stepX, stepY, out, outWidth, outHeight): A,B,G,R bytes (alpha) or B,G,R, keeping
 * columns 0, stepX, ... of rows 0, stepY, ..., row by row without padding; a VP8StatusCode.
 */
JNIEXPORT jint JNICALL Java_io_hashstream_image_LibWebp_decode(JNIEnv *env, jclass cls, jbyteArray webp,
        jboolean alpha, jint stepX, jint stepY, jbyteArray out, jint outWidth, jint outHeight) {
    (void) cls;
    jint length = (*env)->GetArrayLength(env, webp);
    const size_t pixel = alpha ? 4 : 3;
    if (length <= 0 || stepX < 1 || stepY < 1 || outWidth < 1 || outHeight < 1
            || (size_t) (*env)->GetArrayLength(env, out) < (size_t) outWidth * (size_t) outHeight * pixel) {
        return HS_BAD_ARGUMENT;
    }
    uint8_t *bytes = hs_copy_in(env, webp, length);
    if (bytes == NULL) {
        return HS_NO_MEMORY;
    }
    jint result;
    uint8_t *image = NULL;
    WebPDecoderConfig config;
    memset(&config, 0, sizeof config); /* so that the cleanup below is safe on every path */
    if (!WebPInitDecoderConfig(&config)) {
        result = HS_BAD_ARGUMENT;
        goto done;
    }
    result = (jint) WebPGetFeatures(bytes, (size_t) length, &config.input);
    if (result != VP8_STATUS_OK) {
        goto done;
    }
    const int width = config.input.width;
    const int height = config.input.height;
    if (width <= 0 || height <= 0 || (width - 1) / stepX + 1 != outWidth || (height - 1) / stepY + 1 != outHeight) {
        result = HS_BAD_ARGUMENT;
        goto done;
    }
    const size_t stride = (size_t) width * pixel;
    image = malloc(stride * (size_t) height);
    if (image == NULL) {
        result = HS_NO_MEMORY;
        goto done;
    }
    config.output.colorspace = alpha ? MODE_RGBA : MODE_BGR;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = image;
    config.output.u.RGBA.stride = (int) stride;
    config.output.u.RGBA.size = stride * (size_t) height;
    result = (jint) WebPDecode(bytes, (size_t) length, &config);
    if (result != VP8_STATUS_OK) {
        goto done;
    }
    hs_subsample_in_place(image, stride, pixel, stepX, stepY, outWidth, outHeight);
    const size_t outStride = (size_t) outWidth * pixel;
    if (alpha) { /* R,G,B,A as libwebp writes it; A,B,G,R as TYPE_4BYTE_ABGR stores it */
        for (size_t i = 0; i < outStride * (size_t) outHeight; i += 4) {
            uint8_t r = image[i], g = image[i + 1], b = image[i + 2], a = image[i + 3];
            image[i] = a;
            image[i + 1] = b;
            image[i + 2] = g;
            image[i + 3] = r;
        }
    }
    (*env)->SetByteArrayRegion(env, out, 0, (jsize) (outStride * (size_t) outHeight), (const jbyte *) image);
done:
    WebPFreeDecBuffer(&config.output);
    free(image);
    free(bytes);
    return result;
}
