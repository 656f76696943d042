package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ModelInput;
import io.hashstream.image.ModelInput.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelEncoderTest {
    private static final ModelInput INPUT = new ModelInput(6, 5, 1, Normalization.ZERO_ONE, 1);
    private static final int BITS = 24;

    @TempDir
    static Path tmp;
    static TinyModels.ProjectionModel integerModel;
    static SavedModelEncoder encoder;

    @BeforeAll
    static void writeAndLoad() {
        integerModel = TinyModels.integerProjection(tmp.resolve("int"), INPUT, BITS, 7);
        encoder = SavedModelEncoder.load(integerModel.dir(), new TfThreads(1, 1), DevicePreference.CPU);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static float[] integerImages(Random r, int n) {
        float[] x = new float[n * INPUT.floatsPerImage()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(7) - 3;
        }
        return x;
    }

    @Test
    void codesEqualSignOfTheJavaProjectionExactly() {
        Random r = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + r.nextInt(17);
            float[] x = integerImages(r, n);
            SavedModelEncoder.Encoded out = encoder.encodeWithActivations(x, n);
            assertThat(out.codes()).hasSize(n);
            for (int i = 0; i < n; i++) {
                double[] z = integerModel.project(x, i);
                float[] zf = new float[BITS];
                for (int j = 0; j < BITS; j++) {
                    zf[j] = (float) z[j];
                    assertThat(out.activations()[i * BITS + j]).isEqualTo(zf[j]);
                }
                assertThat(out.codes()[i]).isEqualTo(BinaryCode.fromSigns(zf));
            }
            assertThat(encoder.encode(x, n)).containsExactly(out.codes());
        }
    }

    @Test
    void gaussianWeightsAgreeWhereverTheMarginIsClear() {
        var model = TinyModels.gaussianProjection(tmp.resolve("gauss"), INPUT, 64, 3);
        Random r = new Random(5);
        int n = 50;
        float[] x = new float[n * INPUT.floatsPerImage()];
        for (int i = 0; i < x.length; i++) {
            x[i] = INPUT.normalization().apply(r.nextInt(256));
        }
        try (SavedModelEncoder enc = SavedModelEncoder.load(model.dir(), new TfThreads(1, 1), DevicePreference.CPU)) {
            BinaryCode[] codes = enc.encode(x, n);
            int checked = 0;
            for (int i = 0; i < n; i++) {
                double[] z = model.project(x, i);
                for (int j = 0; j < 64; j++) {
                    if (Math.abs(z[j]) > 1e-3) {
                        assertThat(codes[i].bit(j)).as("image %d bit %d (z=%f)", i, j, z[j]).isEqualTo(z[j] > 0);
                        checked++;
                    }
                }
            }
            assertThat(checked).isGreaterThan(n * 60);
        }
    }

    @Test
    void cardDescribesTheExportAndTheIdIsTheContentHash() {
        ModelCard card = encoder.card();
        assertThat(card).isEqualTo(ModelCard.read(integerModel.dir()));
        assertThat(encoder.modelId()).isEqualTo(ModelIds.of(integerModel.dir())).startsWith("sha256-");
        assertThat(encoder.bits()).isEqualTo(BITS);
        assertThat(encoder.input()).isEqualTo(INPUT);
        assertThat(encoder.device()).isEqualTo(TfDevice.CPU);
        assertThat(card.createdAt()).isNotBlank();
        assertThat(card.signature()).isEqualTo(ModelCard.SignatureNames.DEFAULT);
    }

    @Test
    void sameWeightsGiveTheSameIdAndOtherWeightsAnotherOne() {
        var again = TinyModels.integerProjection(tmp.resolve("int-again"), INPUT, BITS, 7);
        var other = TinyModels.integerProjection(tmp.resolve("int-other"), INPUT, BITS, 8);
        assertThat(again.card().modelId()).isEqualTo(integerModel.card().modelId());
        assertThat(other.card().modelId()).isNotEqualTo(integerModel.card().modelId());
    }

    @Test
    void rejectsBatchesThatDoNotMatchTheCard() {
        float[] x = new float[3 * INPUT.floatsPerImage()];
        assertThatThrownBy(() -> encoder.encode(x, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs " + 4 * INPUT.floatsPerImage());
        assertThatThrownBy(() -> encoder.encode(x, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsACardThatDisagreesWithTheGraph() throws Exception {
        Path dir = tmp.resolve("lying-card");
        var model = TinyModels.integerProjection(dir, INPUT, BITS, 9);
        ModelCard c = model.card();
        new ModelCard(c.formatVersion(), c.method(), c.architecture(), c.bits(), new ModelInput(6, 5, 3, Normalization.ZERO_ONE, 1),
                c.dataset(), c.seed(), c.steps(), c.metrics(), c.buildCommit(), c.createdAt(), c.modelId(),
                c.signature()).write(dir);
        assertThatThrownBy(() -> SavedModelEncoder.load(dir, new TfThreads(1, 1), DevicePreference.CPU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model card says");
        Files.delete(dir.resolve("saved_model.pb"));
        assertThatThrownBy(() -> SavedModelEncoder.load(dir, new TfThreads(1, 1), DevicePreference.CPU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no saved_model.pb");
    }

    @Test
    void rejectsACardWithoutAnIdOrWithTheIdOfOtherWeights() throws Exception {
        Path dir = tmp.resolve("stale-card");
        ModelCard c = TinyModels.integerProjection(dir, INPUT, BITS, 11).card();
        for (String id : new String[] {null, " "}) {
            withId(c, id).write(dir);
            assertThatThrownBy(() -> SavedModelEncoder.load(dir, new TfThreads(1, 1), DevicePreference.CPU))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no modelId");
        }
        // The card of seed 11 beside the weights of seed 12: codes would change under the old id.
        Path other = tmp.resolve("other-weights");
        TinyModels.integerProjection(other, INPUT, BITS, 12);
        withId(c, c.modelId()).write(other);
        assertThatThrownBy(() -> SavedModelEncoder.load(other, new TfThreads(1, 1), DevicePreference.CPU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changed after export");
    }

    private static ModelCard withId(ModelCard c, String id) {
        return new ModelCard(c.formatVersion(), c.method(), c.architecture(), c.bits(), c.input(), c.dataset(), c.seed(),
                c.steps(), c.metrics(), c.buildCommit(), c.createdAt(), id, c.signature());
    }

    @Test
    void aModelThatFailsToLoadOnAnAutomaticallyChosenGpuLoadsOnTheCpu() {
        java.util.List<TfDevice> tried = new java.util.ArrayList<>();
        java.util.function.Function<TfDevice, String> failingOnGpu = d -> {
            tried.add(d);
            if (d == TfDevice.GPU) {
                throw new IllegalStateException("CUDA_ERROR_OUT_OF_MEMORY");
            }
            return "on " + d;
        };
        assertThat(SavedModelEncoder.withCpuFallback(TfDevice.GPU, DevicePreference.AUTO, failingOnGpu)).isEqualTo("on CPU");
        assertThat(tried).containsExactly(TfDevice.GPU, TfDevice.CPU);
        // A failure on the CPU, or under an explicit preference, is the caller's.
        java.util.function.Function<TfDevice, String> failing = d -> {
            throw new IllegalArgumentException("bad model");
        };
        assertThatThrownBy(() -> SavedModelEncoder.withCpuFallback(TfDevice.CPU, DevicePreference.AUTO, failing))
                .hasMessage("bad model");
        assertThatThrownBy(() -> SavedModelEncoder.withCpuFallback(TfDevice.CPU, DevicePreference.CPU, failing))
                .hasMessage("bad model");
    }

    @Test
    void closedEncoderRefusesWork() {
        SavedModelEncoder e = SavedModelEncoder.load(integerModel.dir(), new TfThreads(1, 1), DevicePreference.CPU);
        e.close();
        e.close();
        assertThatThrownBy(() -> e.encode(new float[INPUT.floatsPerImage()], 1))
                .isInstanceOf(IllegalStateException.class);
    }

    /**
     * A large input (64 images of 64x64x3: 3 MB per call) with tiny outputs: leaking the input tensor
     * would add ~1.5 GB of native memory over 500 calls, while the Java side allocates little, so
     * heap growth cannot hide or fake the signal.
     */
    @Test
    void nativeMemoryDoesNotGrowOverManyCalls() {
        ModelInput big = new ModelInput(64, 64, 3, Normalization.ZERO_ONE, 1);
        var model = TinyModels.gaussianProjection(tmp.resolve("big"), big, 8, 1);
        int n = 64;
        float[] x = new float[n * big.floatsPerImage()];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        try (SavedModelEncoder e = SavedModelEncoder.load(model.dir(), new TfThreads(1, 1), DevicePreference.CPU)) {
            for (int i = 0; i < 100; i++) {
                e.encode(x, n);
            }
            long rssBefore = Pointer.physicalBytes();
            for (int i = 0; i < 500; i++) {
                e.encode(x, n);
            }
            long growth = Pointer.physicalBytes() - rssBefore;
            assertThat(growth).as("RSS growth over 500 calls of 3 MB input").isLessThan(128L << 20);
        }
    }
}
