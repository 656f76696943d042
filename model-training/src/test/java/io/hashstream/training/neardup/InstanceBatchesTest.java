package io.hashstream.training.neardup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.training.augment.AugmentationChain;
import io.hashstream.training.augment.TestPictures;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstanceBatchesTest {
    private static final ModelInput INPUT = new ModelInput(32, 32, 3, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);

    private static InstanceBatches batches(long seed) {
        List<BufferedImage> sources = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sources.add(TestPictures.picture(i, 96, 80));
        }
        return new InstanceBatches(sources, new ImagePipeline(INPUT), AugmentationChain.realistic(false), 6, 3, seed);
    }

    @Test
    void labelsAreTheSourceWithinTheBatchAndViewsAreEdits() {
        InstanceBatches b = batches(1);
        int per = INPUT.floatsPerImage();
        float[] x = new float[b.batchSize() * per];
        int[] y = new int[b.batchSize()];
        b.batch(0, x, y);
        assertThat(y).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5);
        // Views of one source are nearer each other than views of different sources, on average.
        double same = 0;
        double different = 0;
        int sameN = 0;
        int differentN = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = i + 1; j < y.length; j++) {
                double d = 0;
                for (int k = 0; k < per; k++) {
                    d += Math.abs(x[i * per + k] - x[j * per + k]);
                }
                if (y[i] == y[j]) {
                    same += d;
                    sameN++;
                } else {
                    different += d;
                    differentN++;
                }
            }
        }
        assertThat(same / sameN).isLessThan(different / differentN);
    }

    @Test
    void batchesRepeatForTheSameSeedAndIndexOnly() {
        InstanceBatches a = batches(5);
        InstanceBatches b = batches(5);
        int n = a.batchSize() * INPUT.floatsPerImage();
        float[] x1 = new float[n];
        float[] x2 = new float[n];
        float[] x3 = new float[n];
        int[] y = new int[a.batchSize()];
        a.batch(3, x1, y);
        b.batch(3, x2, y);
        b.batch(4, x3, y);
        assertThat(Arrays.equals(x1, x2)).isTrue();
        assertThat(Arrays.equals(x1, x3)).isFalse();
    }

    @Test
    void eachBatchDrawsDistinctSources() {
        InstanceBatches b = batches(9);
        for (long i = 0; i < 200; i++) {
            int[] chosen = b.chooseSources(i);
            Set<Integer> distinct = new HashSet<>();
            for (int c : chosen) {
                assertThat(c).isBetween(0, 19);
                distinct.add(c);
            }
            assertThat(distinct).hasSize(chosen.length);
        }
    }

    @Test
    void neighbourRunsDrawDistinctSourcesInRunsOfConsecutiveKeys() {
        List<BufferedImage> sources = twentySmallPictures();
        InstanceBatches b = new InstanceBatches(sources, new ImagePipeline(INPUT), AugmentationChain.realistic(false), 8, 2,
                3, 4);
        int runsOfFour = 0;
        for (long i = 0; i < 200; i++) {
            int[] chosen = b.chooseSources(i);
            assertThat(Arrays.stream(chosen).distinct().count()).isEqualTo(8);
            assertThat(Arrays.stream(chosen).allMatch(c -> c >= 0 && c < 20)).isTrue();
            for (int k = 0; k + 3 < chosen.length; k += 4) {
                if (chosen[k + 1] == (chosen[k] + 1) % 20 && chosen[k + 2] == (chosen[k] + 2) % 20
                        && chosen[k + 3] == (chosen[k] + 3) % 20) {
                    runsOfFour++;
                }
            }
        }
        // Two runs of four per batch, unless a run overlaps an earlier one and is cut short.
        assertThat(runsOfFour).isGreaterThan(200);
        assertThat(b.chooseSources(7)).containsExactly(b.chooseSources(7));
        assertThatThrownBy(() -> new InstanceBatches(sources, new ImagePipeline(INPUT), AugmentationChain.realistic(false),
                8, 2, 3, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minedNeighboursReplaceKeyOrderInTheRuns() {
        InstanceBatches b = new InstanceBatches(twentySmallPictures(), new ImagePipeline(INPUT),
                AugmentationChain.realistic(false), 6, 2, 3, 3);
        int[][] table = new int[20][];
        for (int i = 0; i < 20; i++) {
            table[i] = new int[] {(i + 7) % 20, (i + 13) % 20}; // no key-order neighbour among them
        }
        b.useNeighbours(table);
        for (long i = 0; i < 100; i++) {
            int[] chosen = b.chooseSources(i);
            assertThat(Arrays.stream(chosen).distinct().count()).isEqualTo(6);
            // A run that did not overlap an earlier one is its start and the start's two table entries.
            if (chosen[1] == table[chosen[0]][0] && chosen[2] == table[chosen[0]][1]) {
                continue;
            }
            assertThat(chosen[1]).as("never the key-order successor").isNotEqualTo((chosen[0] + 1) % 20);
        }
        assertThatThrownBy(() -> b.useNeighbours(new int[19][2])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.useNeighbours(new int[20][1])).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<BufferedImage> twentySmallPictures() {
        List<BufferedImage> sources = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sources.add(TestPictures.picture(i, 40, 40));
        }
        return sources;
    }
}
