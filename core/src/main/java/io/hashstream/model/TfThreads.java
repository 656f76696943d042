package io.hashstream.model;

/**
 * TensorFlow thread pool sizes for one session. TensorFlow's defaults use every core for both
 * pools, which oversubscribes a machine where several Flink slots (or a trainer and an evaluator)
 * run sessions side by side, and hurts small batches on few cores.
 *
 * <p>TensorFlow keeps its intra- and inter-op pools per process: the first session created in a JVM
 * sizes them and later sessions share them whatever their config says (measured with TF-Java 1.1.0:
 * sessions asking for 1, 6 and 12 threads add no threads after the first). So size them for the
 * whole JVM (e.g. a TaskManager's share of the machine), and create the first session with it;
 * {@link TfSessions#processThreads()} tells what was used. {@link SharedEncoders} loads one session
 * per model per JVM.
 *
 * <p>Every concurrent {@code Session.run} queues its kernels on the one process-wide inter-op pool, so
 * callers that run at once need as many inter-op threads, or their runs take turns. Measured on the
 * 2-core VM, two callers sharing one session at batch 16: with 1 inter-op thread 1.07 cores busy and
 * ~3,200 images/s, with 2 all of both cores and ~6,000 images/s (BENCHMARKS.md, E1).
 *
 * @param intraOp threads a single op (a convolution, a matmul) may use
 * @param interOp independent ops run concurrently
 */
public record TfThreads(int intraOp, int interOp) {

    public TfThreads {
        if (intraOp < 1 || interOp < 1) {
            throw new IllegalArgumentException("thread counts must be >= 1, got intra=" + intraOp + " inter=" + interOp);
        }
    }

    /**
     * Process pools for {@code sharers} callers running TensorFlow at once (a TaskManager's slots):
     * each op may use its share of the cores, and each caller gets an inter-op thread of its own.
     */
    public static TfThreads shareOf(int sharers) {
        return shareOf(sharers, Runtime.getRuntime().availableProcessors());
    }

    static TfThreads shareOf(int sharers, int cores) {
        if (sharers < 1) {
            throw new IllegalArgumentException("sharers must be >= 1, got " + sharers);
        }
        return new TfThreads(Math.max(1, cores / sharers), sharers);
    }

    /** All cores for a single user (training, a benchmark, a command line). */
    public static TfThreads wholeMachine() {
        return shareOf(1);
    }
}
