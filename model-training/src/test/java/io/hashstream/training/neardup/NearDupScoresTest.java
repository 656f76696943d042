package io.hashstream.training.neardup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.training.augment.AugmentationFamily;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NearDupScoresTest {

    @Test
    void histogramsAgreeWithBruteForceAndRecallAtFprUsesTheNegatives() {
        Random rnd = new Random(3);
        int n = 60;
        int bits = 128;
        List<BinaryCode> originals = new ArrayList<>();
        List<BinaryCode> crops = new ArrayList<>();
        List<BinaryCode> jpegs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] w = {rnd.nextLong(), rnd.nextLong()};
            originals.add(BinaryCode.ofWords(bits, w));
            crops.add(flip(w, bits, 2 + rnd.nextInt(30), rnd));
            jpegs.add(flip(w, bits, rnd.nextInt(4), rnd));
        }
        Map<AugmentationFamily, PackedCodes> views = new EnumMap<>(AugmentationFamily.class);
        views.put(AugmentationFamily.CROP, new PackedCodes(crops, bits));
        views.put(AugmentationFamily.JPEG, new PackedCodes(jpegs, bits));
        NearDupScores s = NearDupScores.score(new PackedCodes(originals, bits), views, 3);

        long negatives = 0;
        long negativesWithin40 = 0;
        for (List<BinaryCode> v : List.of(crops, jpegs)) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        negatives++;
                        negativesWithin40 += v.get(i).distance(originals.get(j)) <= 40 ? 1 : 0;
                    }
                }
            }
        }
        assertThat(s.allNegatives().total()).isEqualTo(negatives).isEqualTo(2L * n * (n - 1));
        assertThat(s.allNegatives().atOrBelow(40)).isEqualTo(negativesWithin40);
        assertThat(s.positives(AugmentationFamily.JPEG).rateAtOrBelow(3)).isEqualTo(1.0);
        assertThat(s.hardestMisses(AugmentationFamily.CROP)).hasSize(3);
        int worst = s.hardestMisses(AugmentationFamily.CROP).get(0).distance();
        for (int i = 0; i < n; i++) {
            assertThat(crops.get(i).distance(originals.get(i))).isLessThanOrEqualTo(worst);
        }
        NearDupScores.Pair fp = s.closestFalsePositives(AugmentationFamily.JPEG).get(0);
        assertThat(fp.source()).isNotEqualTo(fp.other());
        assertThat(jpegs.get(fp.source()).distance(originals.get(fp.other()))).isEqualTo(fp.distance());
        // Random 128-bit codes are ~64 apart: at FPR 1e-3 (7 of 7080 pairs) JPEG's ≤ 3-bit edits are all found.
        assertThat(s.recallAtFpr(AugmentationFamily.JPEG, 1e-3)).isEqualTo(1.0);
        int r = s.allNegatives().largestRadiusWithRateAtMost(1e-3);
        assertThat(s.allNegatives().rateAtOrBelow(r)).isLessThanOrEqualTo(1e-3);
        assertThat(s.allNegatives().rateAtOrBelow(r + 1)).isGreaterThan(1e-3);
    }

    private static BinaryCode flip(long[] w, int bits, int count, Random rnd) {
        long[] c = w.clone();
        for (int k = 0; k < count; k++) {
            int b = rnd.nextInt(bits);
            c[b >>> 6] ^= 1L << (b & 63);
        }
        return BinaryCode.ofWords(bits, c);
    }
}
