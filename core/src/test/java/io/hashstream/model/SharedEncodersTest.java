package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.ModelInput;
import io.hashstream.image.ModelInput.Normalization;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedEncodersTest {
    private static final ModelInput INPUT = new ModelInput(4, 4, 1, Normalization.ZERO_ONE, 1);

    @TempDir
    static Path tmp;
    static Path modelDir;

    @BeforeAll
    static void writeModel() {
        modelDir = TinyModels.integerProjection(tmp.resolve("m"), INPUT, 16, 1).dir();
    }

    /** A registry that loads for real and counts its loads. */
    private static SharedEncoders countingLoads(AtomicInteger loads) {
        return new SharedEncoders((dir, threads, pref, precision) -> {
            loads.incrementAndGet();
            return SavedModelEncoder.load(dir, threads, pref, precision);
        });
    }

    @Test
    void oneModelPerDirectoryClosedWithTheLastLease() {
        AtomicInteger loads = new AtomicInteger();
        SharedEncoders pool = countingLoads(loads);
        TfThreads threads = new TfThreads(1, 1);
        SharedEncoders.Lease a = pool.acquire(modelDir, threads, DevicePreference.CPU);
        SharedEncoders.Lease b = pool.acquire(modelDir.resolve(".").resolve("..").resolve("m"), threads, DevicePreference.CPU);
        assertThat(loads).hasValue(1);
        assertThat(a.encoder()).isSameAs(b.encoder());
        assertThat(pool.users(modelDir)).isEqualTo(2);

        SavedModelEncoder shared = a.encoder();
        float[] x = new float[INPUT.floatsPerImage()];
        a.close();
        a.close();
        assertThat(pool.users(modelDir)).isEqualTo(1);
        assertThat(b.encode(x, 1)).hasSize(1);
        assertThatThrownBy(() -> a.encode(x, 1)).isInstanceOf(IllegalStateException.class);

        b.close();
        assertThat(pool.users(modelDir)).isZero();
        assertThatThrownBy(() -> shared.encode(x, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");

        try (SharedEncoders.Lease c = pool.acquire(modelDir, threads, DevicePreference.CPU)) {
            assertThat(loads).hasValue(2);
            assertThat(c.encode(x, 1)).hasSize(1);
            assertThat(c.modelId()).isEqualTo(ModelCard.read(modelDir).modelId());
        }
        assertThat(pool.users(modelDir)).isZero();
    }

    @Test
    void anotherPrecisionIsAnotherSessionWithItsOwnLeases() {
        AtomicInteger loads = new AtomicInteger();
        SharedEncoders pool = countingLoads(loads);
        TfThreads threads = new TfThreads(1, 1);
        try (SharedEncoders.Lease fp32 = pool.acquire(modelDir, threads, DevicePreference.CPU);
             SharedEncoders.Lease bf16 = pool.acquire(modelDir, threads, DevicePreference.CPU, EncoderPrecision.BF16);
             SharedEncoders.Lease bf16Again = pool.acquire(modelDir, threads, DevicePreference.CPU, EncoderPrecision.BF16)) {
            assertThat(loads).hasValue(2);
            assertThat(fp32.encoder()).isNotSameAs(bf16.encoder());
            assertThat(bf16Again.encoder()).isSameAs(bf16.encoder());
            assertThat(fp32.encoder().precision()).isEqualTo(EncoderPrecision.FP32);
            assertThat(bf16.encoder().precision())
                    .isEqualTo(EncoderPrecision.cpuHasBf16() ? EncoderPrecision.BF16 : EncoderPrecision.FP32);
            assertThat(pool.users(modelDir)).isEqualTo(1);
            assertThat(pool.users(modelDir, EncoderPrecision.BF16)).isEqualTo(2);
        }
        assertThat(pool.users(modelDir, EncoderPrecision.BF16)).isZero();
    }

    @Test
    void aFailedLoadLeavesNoEntry() {
        SharedEncoders pool = new SharedEncoders(SavedModelEncoder::load);
        assertThatThrownBy(() -> pool.acquire(tmp, new TfThreads(1, 1), DevicePreference.CPU))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pool.users(tmp)).isZero();
    }

    @Test
    void theJvmWideRegistryLoadsOnAThreadOfItsOwnSoTensorFlowsPoolThreadsCarryItsName() {
        assertThat(SharedEncoders.onThread(SharedEncoders.LOADER_THREAD, () -> Thread.currentThread().getName()))
                .isEqualTo("tensorflow");
        try (SavedModelEncoder encoder = SharedEncoders.loadOnNamedThread(modelDir, new TfThreads(1, 1), DevicePreference.CPU,
                EncoderPrecision.FP32)) {
            assertThat(encoder.encode(new float[INPUT.floatsPerImage()], 1)).hasSize(1);
        }
        assertThatThrownBy(() -> SharedEncoders.loadOnNamedThread(tmp.resolve("none"), new TfThreads(1, 1),
                DevicePreference.CPU, EncoderPrecision.FP32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a SavedModel directory");
        assertThatThrownBy(() -> SharedEncoders.onThread("x", () -> {
            throw new AssertionError("fatal");
        })).isInstanceOf(AssertionError.class).hasMessage("fatal");
    }
}
