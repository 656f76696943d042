package io.hashstream.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arithmetic a model runs in on the CPU. {@link #BF16} asks TensorFlow's oneDNN graph rewrite
 * (Grappler's {@code auto_mixed_precision_onednn_bfloat16}) to run convolutions and matmuls in
 * bfloat16 with float32 accumulation. It is meant for CPUs with bfloat16 instructions (AVX512-BF16 or
 * AMX), so {@link #resolve} asks for it only there and falls back to {@link #FP32} elsewhere.
 *
 * <p>Why it is opt-in: bfloat16 keeps 8 bits of mantissa, so activations near zero can change sign and
 * a code can differ from the float32 code by a few bits. The calibrated radius of a model was measured
 * in float32, and a job that mixes TaskManagers with and without bfloat16 indexes codes of both kinds
 * (BENCHMARKS.md, "bfloat16 on the CPU").
 */
public enum EncoderPrecision {
    FP32,
    BF16;

    private static final Logger LOG = LoggerFactory.getLogger(EncoderPrecision.class);
    private static final Set<String> BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");
    private static volatile Boolean cpuHasBf16;

    /** Parses {@code fp32} or {@code bf16} (any case), with an error that names the choices. */
    public static EncoderPrecision parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encoder precision must be fp32 or bf16, got '" + s + "'", e);
        }
    }

    /**
     * The precision a session asking for this one gets on {@code device}: bfloat16 only on a CPU with
     * bfloat16 instructions; otherwise float32, logged once per load.
     */
    public EncoderPrecision resolve(TfDevice device) {
        return resolve(device, cpuHasBf16());
    }

    EncoderPrecision resolve(TfDevice device, boolean cpuBf16) {
        if (this == FP32) {
            return FP32;
        }
        if (device != TfDevice.CPU) {
            LOG.warn("encoder precision bf16 applies to the CPU only; the model runs in float32 on {}", device);
            return FP32;
        }
        if (!cpuBf16) {
            LOG.warn("encoder precision bf16 asked for, but this CPU has neither avx512_bf16 nor amx_bf16; "
                    + "the model runs in float32");
            return FP32;
        }
        if (!oneDnnEnabled(System.getenv("TF_ENABLE_ONEDNN_OPTS"))) {
            LOG.warn("encoder precision bf16 asked for, but TF_ENABLE_ONEDNN_OPTS switches oneDNN off; "
                    + "the model runs in float32");
            return FP32;
        }
        return BF16;
    }

    /** TensorFlow's x86 Linux builds use oneDNN unless this variable is 0 or false (the rewrite is oneDNN's). */
    static boolean oneDnnEnabled(String envValue) {
        return envValue == null || !(envValue.trim().equals("0") || envValue.trim().equalsIgnoreCase("false"));
    }

    /** Whether this machine's CPU has bfloat16 instructions (Linux {@code /proc/cpuinfo}; false elsewhere). */
    public static boolean cpuHasBf16() {
        Boolean known = cpuHasBf16;
        if (known == null) {
            known = readCpuInfo(Path.of("/proc/cpuinfo"));
            cpuHasBf16 = known;
        }
        return known;
    }

    private static boolean readCpuInfo(Path cpuinfo) {
        try {
            return flagsHaveBf16(Files.readString(cpuinfo));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** True when the first {@code flags} line of a {@code /proc/cpuinfo} text names a bfloat16 extension. */
    static boolean flagsHaveBf16(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                for (String flag : line.substring(colon + 1).trim().split("\\s+")) {
                    if (BF16_FLAGS.contains(flag)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
