package io.hashstream.training.data;

import io.hashstream.image.ModelInput;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetTest {
    private static final ModelInput TWO_BY_ONE = new ModelInput(1, 2, 1, ModelInput.Normalization.ZERO_ONE, 1);

    /** Image i is {i, i + 0.5}, label i % 3. */
    private static Dataset sample(int n) {
        float[] x = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i + 0.5f;
            labels[i] = i % 3;
        }
        return new Dataset("sample", TWO_BY_ONE, x, labels, List.of("a", "b", "c"));
    }

    @Test
    void subsetGathersImagesAndLabelsInOrder() {
        Dataset s = sample(5).subset(new int[] {4, 1, 1});
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.images()).containsExactly(4, 4.5f, 1, 1.5f, 1, 1.5f);
        assertThat(s.labels()).containsExactly(1, 1, 1);
        assertThatThrownBy(() -> sample(2).subset(new int[] {2})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shuffleIsASeededPermutationKeepingImagesWithTheirLabels() {
        Dataset d = sample(50);
        Dataset a = d.shuffled(1);
        Dataset b = d.shuffled(1);
        Dataset c = d.shuffled(2);
        assertThat(a.images()).containsExactly(b.images());
        assertThat(a.images()).isNotEqualTo(c.images());
        for (int i = 0; i < a.size(); i++) {
            int original = (int) a.images()[2 * i];
            assertThat(a.label(i)).isEqualTo(original % 3);
        }
        int[] p = Dataset.permutation(50, 1);
        assertThat(Arrays.stream(p).sorted().toArray()).containsExactly(java.util.stream.IntStream.range(0, 50).toArray());
    }

    @Test
    void headAndGather() {
        Dataset d = sample(4);
        assertThat(d.head(2).images()).containsExactly(0, 0.5f, 1, 1.5f);
        assertThat(d.head(10).size()).isEqualTo(4);
        float[] batch = new float[4];
        int[] labels = new int[2];
        d.gather(new int[] {3, 2, 0}, 1, 2, batch, labels);
        assertThat(batch).containsExactly(2, 2.5f, 0, 0.5f);
        assertThat(labels).containsExactly(2, 0);
    }

    @Test
    void rejectsInconsistentShapesAndLabels() {
        assertThatThrownBy(() -> new Dataset("x", TWO_BY_ONE, new float[3], new int[2], List.of("a")))
                .hasMessageContaining("expected 2 images of 2 floats");
        assertThatThrownBy(() -> new Dataset("x", TWO_BY_ONE, new float[2], new int[] {1}, List.of("a")))
                .hasMessageContaining("outside [0, 1)");
    }
}
