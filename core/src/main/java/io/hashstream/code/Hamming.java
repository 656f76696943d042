package io.hashstream.code;

/** Hamming kernels over packed words. {@code Long.bitCount} compiles to POPCNT on x86-64. */
public final class Hamming {
    private Hamming() {}

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    public static int distance(long[] a, int aOffset, long[] b, int bOffset, int words) {
        int d = 0;
        for (int i = 0; i < words; i++) {
            d += Long.bitCount(a[aOffset + i] ^ b[bOffset + i]);
        }
        return d;
    }
}
