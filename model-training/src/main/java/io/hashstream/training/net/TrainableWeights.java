package io.hashstream.training.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trainable variables created while a backbone builds its training graph, initialized from a
 * seeded Java generator in creation order. Reads go through {@code tf.identity(variable)}: applying
 * ops such as Square or Log1p straight to a ref variable's output can crash TF-Java 1.1.0 while
 * building gradients.
 */
public final class TrainableWeights implements WeightSource {
    private final Random random;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    public TrainableWeights(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public Operand<TFloat32> weight(Ops tf, String name, WeightInit init, long... shape) {
        if (variables.containsKey(name)) {
            throw new IllegalArgumentException("duplicate weight " + name);
        }
        float[] values = init.values(random, shape);
        Operand<TFloat32> initial = tf.constant(Shape.of(shape), DataBuffers.of(values, true, false));
        Variable<TFloat32> v = tf.withName(name).variable(initial);
        variables.put(name, v);
        shapes.put(name, shape.clone());
        return tf.identity(v);
    }

    /** Variables in creation order. */
    public List<Variable<TFloat32>> variables() {
        return Collections.unmodifiableList(new ArrayList<>(variables.values()));
    }

    public List<String> names() {
        return List.copyOf(variables.keySet());
    }

    public long parameterCount() {
        return shapes.values().stream().mapToLong(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
    }

    /** Copies every variable's current value out of {@code session} (one run). */
    public Map<String, WeightValues> read(Session session) {
        Session.Runner runner = session.runner();
        variables.values().forEach(runner::fetch);
        Map<String, WeightValues> out = new LinkedHashMap<>();
        try (Result r = runner.run()) {
            int i = 0;
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                Tensor t = r.get(i++);
                float[] v = new float[Math.toIntExact(t.shape().size())];
                t.asRawTensor().data().asFloats().read(v);
                out.put(e.getKey(), new WeightValues(e.getValue(), v));
            }
        }
        return out;
    }
}
