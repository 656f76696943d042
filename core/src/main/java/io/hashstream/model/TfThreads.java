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
 * @param intraOp threads a single op (a convolution, a matmul) may use
 * @param interOp independent ops run concurrently
 */
public record TfThreads(int intraOp, int interOp) {

    public TfThreads {
        if (intraOp < 1 || interOp < 1) {
            throw new IllegalArgumentException("thread counts must be >= 1, got intra=" + intraOp + " inter=" + interOp);
        }
    }

    /** The caller's share of this machine's cores when {@code sharers} users run TensorFlow at once. */
    public static TfThreads shareOf(int sharers) {
        if (sharers < 1) {
            throw new IllegalArgumentException("sharers must be >= 1, got " + sharers);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return new TfThreads(Math.max(1, cores / sharers), 1);
    }

    /** All cores for a single user (training, a benchmark, a command line). */
    public static TfThreads wholeMachine() {
        return shareOf(1);
    }
}
