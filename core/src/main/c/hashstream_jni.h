/* What the core module's JNI bindings share: result codes and the copy of a Java byte[] into native memory. */
#ifndef HASHSTREAM_JNI_H
#define HASHSTREAM_JNI_H

#include <jni.h>
#include <stdlib.h>
#include <string.h>

#define HS_OK 0
#define HS_DECLINED -1 /* the library reported an error or a warning */
#define HS_NO_MEMORY -2
#define HS_BAD_ARGUMENT -3

/* The array's bytes in native memory (the caller frees them), so no GC pinning lasts a whole decode; NULL if out of memory. */
static inline unsigned char *hs_copy_in(JNIEnv *env, jbyteArray array, jint length) {
    unsigned char *bytes = malloc((size_t) length);
    if (bytes != NULL) {
        (*env)->GetByteArrayRegion(env, array, 0, length, (jbyte *) bytes);
    }
    return bytes;
}

/*
 * Keeps columns 0, stepX, 2*stepX, ... of rows 0, stepY, ... of a packed image (ImageIO's source
 * subsampling), in place: every destination byte lies at or before its source.
 */
static inline void hs_subsample_in_place(unsigned char *image, size_t stride, size_t pixel, int stepX, int stepY,
        int outWidth, int outHeight) {
    const size_t outStride = (size_t) outWidth * pixel;
    for (int y = 0; y < outHeight; y++) {
        const unsigned char *from = image + (size_t) y * (size_t) stepY * stride;
        unsigned char *to = image + (size_t) y * outStride;
        if (stepX == 1) {
            memmove(to, from, outStride);
        } else {
            for (int x = 0; x < outWidth; x++) {
                memmove(to + (size_t) x * pixel, from + (size_t) x * (size_t) stepX * pixel, pixel);
            }
        }
    }
}

#endif
