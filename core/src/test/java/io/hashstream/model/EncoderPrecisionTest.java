package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

class EncoderPrecisionTest {

    @Test
    void bfloat16IsFoundInTheFlagsLineOnly() {
        String sapphireRapids = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n"
                + "flags\t\t: fpu vme avx512f avx512_vnni amx_bf16 amx_tile avx512_fp16\nbugs\t\t: spectre_v1\n";
        String zen4 = "flags\t\t: fpu avx512f avx512_bf16 avx512_vpopcntdq\n";
        String skylake = "flags\t\t: fpu avx2 avx512f avx512bw avx512_vnni\nbugs\t\t: avx512_bf16_is_not_a_bug\n";
        assertThat(EncoderPrecision.flagsHaveBf16(sapphireRapids)).isTrue();
        assertThat(EncoderPrecision.flagsHaveBf16(zen4)).isTrue();
        assertThat(EncoderPrecision.flagsHaveBf16(skylake)).isFalse();
        assertThat(EncoderPrecision.flagsHaveBf16("")).isFalse();
    }

    @Test
    void bfloat16OnlyOnACpuThatHasIt() {
        assertThat(EncoderPrecision.BF16.resolve(TfDevice.CPU, true)).isEqualTo(EncoderPrecision.BF16);
        assertThat(EncoderPrecision.BF16.resolve(TfDevice.CPU, false)).isEqualTo(EncoderPrecision.FP32);
        assertThat(EncoderPrecision.BF16.resolve(TfDevice.GPU, true)).isEqualTo(EncoderPrecision.FP32);
        assertThat(EncoderPrecision.FP32.resolve(TfDevice.CPU, true)).isEqualTo(EncoderPrecision.FP32);
    }

    @Test
    void oneDnnSwitchedOffByItsVariableMeansNoBfloat16() {
        assertThat(EncoderPrecision.oneDnnEnabled(null)).isTrue();
        assertThat(EncoderPrecision.oneDnnEnabled("1")).isTrue();
        assertThat(EncoderPrecision.oneDnnEnabled("0")).isFalse();
        assertThat(EncoderPrecision.oneDnnEnabled(" False")).isFalse();
    }

    @Test
    void parsesEitherCaseAndNamesTheChoicesOtherwise() {
        assertThat(EncoderPrecision.parse(" BF16 ")).isEqualTo(EncoderPrecision.BF16);
        assertThat(EncoderPrecision.parse("fp32")).isEqualTo(EncoderPrecision.FP32);
        assertThat(EncoderPrecision.BF16).hasToString("bf16");
        assertThatThrownBy(() -> EncoderPrecision.parse("fp16")).hasMessageContaining("fp32 or bf16");
    }

    @Test
    void onlyBfloat16SwitchesTheOneDnnRewriteOn() {
        TfThreads threads = new TfThreads(1, 1);
        ConfigProto fp32 = TfSessions.config(threads, TfDevice.CPU, EncoderPrecision.FP32);
        ConfigProto bf16 = TfSessions.config(threads, TfDevice.CPU, EncoderPrecision.BF16);
        assertThat(fp32.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
                .isEqualTo(RewriterConfig.Toggle.DEFAULT);
        assertThat(bf16.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
                .isEqualTo(RewriterConfig.Toggle.ON);
        assertThat(bf16.getDeviceCountMap()).containsEntry("GPU", 0);
    }
}
