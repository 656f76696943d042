package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ModelInput;
import io.hashstream.image.Preprocessor;
import io.hashstream.model.Encoder;
import io.hashstream.model.TfThreads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A real, deterministic encoder without TensorFlow: sign random projection (SimHash) of the mean-
 * centred pixels with seeded Gaussian weights. Similar images get nearby codes. Records the batch
 * size of every call so tests can see how the operator batched.
 */
public final class RandomProjectionEncoder implements Encoder {
    public static final ModelInput INPUT = new ModelInput(8, 8, 1, ModelInput.Normalization.ZERO_ONE, Preprocessor.VERSION);

    private final int bits;
    private final float[] weights;
    private final String modelId;
    private final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
    private boolean closed;

    public RandomProjectionEncoder(long seed, int bits) {
        this.bits = bits;
        this.modelId = "rp-" + seed + "-" + bits;
        int d = INPUT.floatsPerImage();
        Random rnd = new Random(seed);
        weights = new float[d * bits];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) rnd.nextGaussian();
        }
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int bits() {
        return bits;
    }

    @Override
    public ModelInput input() {
        return INPUT;
    }

    @Override
    public BinaryCode[] encode(float[] batch, int n) {
        if (closed) {
            throw new IllegalStateException("encoder closed");
        }
        calls.add(n);
        int d = INPUT.floatsPerImage();
        BinaryCode[] out = new BinaryCode[n];
        float[] proj = new float[bits];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            float mean = 0;
            for (int k = 0; k < d; k++) {
                mean += batch[off + k];
            }
            mean /= d;
            for (int b = 0; b < bits; b++) {
                float s = 0;
                for (int k = 0; k < d; k++) {
                    s += (batch[off + k] - mean) * weights[k * bits + b];
                }
                proj[b] = s;
            }
            out[i] = BinaryCode.fromSigns(proj, 0, bits);
        }
        return out;
    }

    /** Batch sizes of the calls so far. */
    public List<Integer> calls() {
        return List.copyOf(calls);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Serializable factory for jobs; every open() makes an equal encoder (same seed, same codes). */
    public record Factory(long seed, int bits) implements EncoderFactory {
        @Override
        public ModelInput input() {
            return INPUT;
        }

        @Override
        public String modelId() {
            return "rp-" + seed + "-" + bits;
        }

        @Override
        public Encoder open(TfThreads threads) {
            return new RandomProjectionEncoder(seed, bits);
        }
    }
}
