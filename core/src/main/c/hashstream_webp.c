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
#include <jni.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

#define HS_NO_MEMORY -2
#define HS_BAD_ARGUMENT -3

static uint8_t *copy_in(JNIEnv *env, jbyteArray webp, jint length) {
    uint8_t *bytes = malloc((size_t) length);
    if (bytes != NULL) {
        (*env)->GetByteArrayRegion(env, webp, 0, length, (jbyte *) bytes);
    }
    return bytes;
}

/* features(webp, out[5]): out = {width, height, has_alpha, has_animation, format}; a VP8StatusCode. */
JNIEXPORT jint JNICALL Java_io_hashstream_image_LibWebp_features(JNIEnv *env, jclass cls, jbyteArray webp,
        jintArray out) {
    (void) cls;
    jint length = (*env)->GetArrayLength(env, webp);
    if (length <= 0 || (*env)->GetArrayLength(env, out) < 5) {
        return HS_BAD_ARGUMENT;
    }
    uint8_t *bytes = copy_in(env, webp, length);
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
    uint8_t *bytes = copy_in(env, webp, length);
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
    /* Subsample in place (every destination byte lies at or before its source); RGBA becomes ABGR. */
    const size_t outStride = (size_t) outWidth * pixel;
    for (int y = 0; y < outHeight; y++) {
        const uint8_t *from = image + (size_t) y * (size_t) stepY * stride;
        uint8_t *to = image + (size_t) y * outStride;
        for (int x = 0; x < outWidth; x++) {
            const uint8_t *p = from + (size_t) x * (size_t) stepX * pixel;
            uint8_t *q = to + (size_t) x * pixel;
            if (alpha) {
                uint8_t r = p[0], g = p[1], b = p[2], a = p[3];
                q[0] = a;
                q[1] = b;
                q[2] = g;
                q[3] = r;
            } else if (q != p) {
                memmove(q, p, 3);
            }
        }
    }
    (*env)->SetByteArrayRegion(env, out, 0, (jsize) (outStride * (size_t) outHeight), (const jbyte *) image);
done:
    WebPFreeDecBuffer(&config.output);
    free(image);
    free(bytes);
    return result;
}
