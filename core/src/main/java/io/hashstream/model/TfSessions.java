package io.hashstream.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Session configuration shared by serving and training: explicit thread pools and device choice.
 * A GPU is used only when the GPU natives are on the class path and a device is visible; otherwise
 * the CPU, with one log line saying why.
 */
public final class TfSessions {
    private static final Logger LOG = LoggerFactory.getLogger(TfSessions.class);
    private static volatile Boolean gpuVisible;
    /** TensorFlow sizes its thread pools once per process, from the first session's config. */
    private static TfThreads processThreads;

    private TfSessions() {
    }

    /** The device a session asking for {@code preference} will use on this machine. */
    public static TfDevice resolve(DevicePreference preference, TfThreads threads) {
        if (preference == DevicePreference.CPU) {
            return TfDevice.CPU;
        }
        return gpuVisible(threads) ? TfDevice.GPU : TfDevice.CPU;
    }

    /**
     * ConfigProto with the given pools, placed on {@code device}. Only the first session of a process
     * sizes TensorFlow's (process-wide) intra- and inter-op pools; later, different requests are
     * logged as having no effect.
     */
    public static ConfigProto config(TfThreads threads, TfDevice device) {
        return config(threads, device, EncoderPrecision.FP32);
    }

    /**
     * As {@link #config(TfThreads, TfDevice)}, and with {@code precision} (already
     * {@linkplain EncoderPrecision#resolve resolved}) {@link EncoderPrecision#BF16} the oneDNN bfloat16
     * rewrite switched on.
     */
    public static ConfigProto config(TfThreads threads, TfDevice device, EncoderPrecision precision) {
        noteThreads(threads);
        ConfigProto.Builder b = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads.intraOp())
                .setInterOpParallelismThreads(threads.interOp())
                .setAllowSoftPlacement(true);
        if (device == TfDevice.GPU) {
            b.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
        } else {
            b.putDeviceCount("GPU", 0);
        }
        if (precision == EncoderPrecision.BF16) {
            b.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
                    .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
        }
        return b.build();
    }

    private static synchronized void noteThreads(TfThreads threads) {
        if (processThreads == null) {
            processThreads = threads;
            LOG.info("TensorFlow thread pools for this process: {} intra-op, {} inter-op", threads.intraOp(),
                    threads.interOp());
        } else if (!processThreads.equals(threads)) {
            LOG.warn("TensorFlow thread pools are per process and already sized {} intra-op / {} inter-op; "
                    + "the requested {} / {} have no effect", processThreads.intraOp(), processThreads.interOp(),
                    threads.intraOp(), threads.interOp());
        }
    }

    /** The pool sizes the first session of this process asked for (null before any session). */
    public static synchronized TfThreads processThreads() {
        return processThreads;
    }

    /**
     * Probes once per JVM by running a small convolution and matrix product pinned to GPU:0 with soft
     * placement off: the CPU natives (or a machine without a usable GPU) reject the placement, and a GPU
     * whose cuDNN or cuBLAS does not work fails here, so the models run on the CPU instead of failing on
     * every image.
     */
    static boolean gpuVisible(TfThreads threads) {
        Boolean known = gpuVisible;
        if (known != null) {
            return known;
        }
        synchronized (TfSessions.class) {
            if (gpuVisible == null) {
                gpuVisible = probeGpu(threads);
            }
            return gpuVisible;
        }
    }

    private static boolean probeGpu(TfThreads threads) {
        noteThreads(threads);
        ConfigProto probeConfig = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads.intraOp())
                .setInterOpParallelismThreads(threads.interOp())
                .setAllowSoftPlacement(false)
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
                .build();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g).withDevice(
                    DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            var image = tf.zeros(tf.constant(new long[] {1, 8, 8, 1}), org.tensorflow.types.TFloat32.class);
            var filter = tf.ones(tf.constant(new long[] {3, 3, 1, 1}), org.tensorflow.types.TFloat32.class);
            var conv = tf.nn.conv2d(image, filter, java.util.List.of(1L, 1L, 1L, 1L), "SAME");
            var square = tf.reshape(conv, tf.constant(new long[] {8, 8}));
            var probe = tf.withName("gpu_probe").linalg.matMul(square, square);
            try (Session s = new Session(g, probeConfig);
                 Result ignored = s.runner().fetch(probe).run()) {
                LOG.info("TensorFlow: GPU visible, models run on GPU:0 (allow_growth)");
                return true;
            }
        } catch (RuntimeException e) {
            LOG.info("TensorFlow: no usable GPU ({}), models run on the CPU", firstLine(e.getMessage()));
            return false;
        }
    }

    /** TensorFlow's placement errors run to several sentences; the first says enough. */
    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int end = s.indexOf('\n');
        String line = end < 0 ? s : s.substring(0, end);
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
