package io.hashstream.training.net;

import io.hashstream.model.EncoderExport;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Trained values placed into an export graph; every trained weight must be used exactly once. */
public final class FixedWeights implements WeightSource {
    private final EncoderExport export;
    private final Map<String, WeightValues> values;
    private final Set<String> used = new HashSet<>();

    public FixedWeights(EncoderExport export, Map<String, WeightValues> values) {
        this.export = export;
        this.values = Map.copyOf(values);
    }

    @Override
    public Operand<TFloat32> weight(Ops tf, String name, WeightInit init, long... shape) {
        WeightValues v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no trained value for weight " + name);
        }
        if (!Arrays.equals(v.shape(), shape)) {
            throw new IllegalArgumentException("weight " + name + " was trained with shape " + Arrays.toString(v.shape())
                    + ", the graph wants " + Arrays.toString(shape));
        }
        used.add(name);
        return export.weight(name, v.values(), shape);
    }

    /** Fails if some trained weight was not placed into the graph (a backbone mismatch). */
    public void checkAllUsed() {
        if (!used.equals(values.keySet())) {
            Set<String> unused = new HashSet<>(values.keySet());
            unused.removeAll(used);
            throw new IllegalStateException("trained weights not used by the export graph: " + unused);
        }
    }
}
