package io.hashstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResampleWeightsTest {

    @Test
    void aPowerOfTwoShrinkIsABox() {
        assertThat(ResampleWeights.of(256, 64).boxFactor(256)).isEqualTo(4);
        assertThat(ResampleWeights.of(128, 64).boxFactor(128)).isEqualTo(2);
        assertThat(ResampleWeights.of(64, 64).boxFactor(64)).isEqualTo(1);
        assertThat(ResampleWeights.of(64 * 64, 64).boxFactor(64 * 64)).isEqualTo(64);
    }

    @Test
    void everythingElseIsNot() {
        assertThat(ResampleWeights.of(192, 64).boxFactor(192)).as("factor 3: weights 1/3 round").isZero();
        assertThat(ResampleWeights.of(257, 64).boxFactor(257)).as("not a multiple").isZero();
        assertThat(ResampleWeights.of(255, 64).boxFactor(255)).isZero();
        assertThat(ResampleWeights.of(32, 64).boxFactor(32)).as("enlarging").isZero();
        assertThat(ResampleWeights.of(128 * 64, 64).boxFactor(128 * 64)).as("beyond the largest box").isZero();
    }

    @Test
    void theArithmeticBoxFactorIsTheWeightsOwnAnswer() {
        java.util.Random random = new java.util.Random(12);
        for (int dst = 1; dst <= 130; dst++) {
            for (int k = 1; k <= 70; k++) {
                assertSameBoxFactor(dst * k, dst);
                assertSameBoxFactor(dst * k + 1, dst);
            }
            for (int i = 0; i < 50; i++) {
                assertSameBoxFactor(1 + random.nextInt(dst * 80), dst);
            }
        }
    }

    private static void assertSameBoxFactor(int src, int dst) {
        assertThat(ResampleWeights.boxFactor(src, dst)).as("%d -> %d", src, dst)
                .isEqualTo(ResampleWeights.of(src, dst).boxFactor(src));
    }
}
