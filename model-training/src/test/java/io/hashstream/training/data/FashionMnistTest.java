package io.hashstream.training.data;

import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Needs the Debian package dataset-fashion-mnist (scripts/install-deps.sh installs it). */
class FashionMnistTest {
    private static FashionMnist.Raw test;

    @BeforeAll
    static void read() throws IOException {
        test = FashionMnist.readRaw(FashionMnist.dir(), FashionMnist.Split.TEST);
    }

    @Test
    void testSplitHasTenBalancedClasses() {
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.pixels()).hasSize(10_000 * 28 * 28);
        int[] perClass = new int[10];
        for (int i = 0; i < test.size(); i++) {
            perClass[test.labels()[i]]++;
        }
        assertThat(perClass).containsOnly(1000);
    }

    @Test
    void nativeInputThroughTheSharedPipelineIsExactlyThePixelOver255() {
        FashionMnist.Raw head = test.head(500);
        Dataset d = FashionMnist.preprocess(head, FashionMnist.nativeInput());
        assertThat(d.size()).isEqualTo(500);
        assertThat(d.labels()).containsExactly(head.labels());
        float[] x = d.images();
        for (int i = 0; i < head.pixels().length; i++) {
            float expected = ModelInput.Normalization.ZERO_ONE.apply(head.pixels()[i] & 0xFF);
            if (x[i] != expected) {
                throw new AssertionError("float " + i + ": pixel " + (head.pixels()[i] & 0xFF) + " became " + x[i]
                        + ", expected " + expected);
            }
        }
    }

    @Test
    void otherModelInputsAreProducedByTheSamePipeline() {
        ModelInput rgb32 = new ModelInput(32, 32, 3, ModelInput.Normalization.MINUS_ONE_ONE, Preprocessor.VERSION);
        Dataset d = FashionMnist.preprocess(test.head(20), rgb32);
        assertThat(d.images()).hasSize(20 * 32 * 32 * 3);
        float[] x = d.images();
        for (int p = 0; p < x.length; p += 3) {
            assertThat(x[p]).isBetween(-1f, 1f);
            assertThat(x[p + 1]).isEqualTo(x[p]); // gray: R = G = B
            assertThat(x[p + 2]).isEqualTo(x[p]);
        }
    }

    @Test
    void missingFilesSayHowToInstall(@TempDir Path empty) {
        assertThatThrownBy(() -> FashionMnist.load(empty, FashionMnist.Split.TRAIN, FashionMnist.nativeInput()))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz")
                .hasMessageContaining("apt-get install -y dataset-fashion-mnist");
    }

    @Test
    void readsAnyDirectoryWithTheSameLayout(@TempDir Path dir) throws IOException {
        byte[] pixels = new byte[2 * 28 * 28];
        pixels[0] = (byte) 255;
        pixels[28 * 28 + 1] = 51;
        IdxFileTest.writeGz(FashionMnist.Split.TEST.images(dir), IdxFileTest.idx(new int[] {2, 28, 28}, pixels));
        IdxFileTest.writeGz(FashionMnist.Split.TEST.labels(dir), IdxFileTest.idx(new int[] {2}, new byte[] {9, 3}));

        Dataset d = FashionMnist.load(dir, FashionMnist.Split.TEST, FashionMnist.nativeInput());
        assertThat(d.labels()).containsExactly(9, 3);
        assertThat(d.images()[0]).isEqualTo(1f);
        assertThat(d.images()[28 * 28 + 1]).isEqualTo(ModelInput.Normalization.ZERO_ONE.apply(51));
        assertThat(d.classNames().get(9)).isEqualTo("Ankle boot");

        IdxFileTest.writeGz(FashionMnist.Split.TEST.labels(dir), IdxFileTest.idx(new int[] {2}, new byte[] {10, 3}));
        assertThatThrownBy(() -> FashionMnist.readRaw(dir, FashionMnist.Split.TEST)).hasMessageContaining("label 10");
    }
}
