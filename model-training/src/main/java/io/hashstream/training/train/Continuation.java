package io.hashstream.training.train;

/**
 * HashNet's continuation: the hash layer outputs tanh(β·z) with β = (1 + γ·t)^power, t the
 * iteration rounded down to a multiple of {@code stepSize} (β changes every stepSize iterations).
 * As β grows, tanh(β·z) approaches sign(z). {@link #none()} keeps β = 1 (DHN).
 */
public record Continuation(boolean enabled, double gamma, double power, int stepSize) {
    public static final double DEFAULT_GAMMA = 0.005;
    public static final double DEFAULT_POWER = 0.5;
    public static final int DEFAULT_STEP_SIZE = 200;

    public Continuation {
        if (gamma < 0 || power < 0 || stepSize < 1) {
            throw new IllegalArgumentException("bad continuation gamma=" + gamma + " power=" + power + " step=" + stepSize);
        }
    }

    public static Continuation hashNet() {
        return new Continuation(true, DEFAULT_GAMMA, DEFAULT_POWER, DEFAULT_STEP_SIZE);
    }

    public static Continuation none() {
        return new Continuation(false, 0, 0, 1);
    }

    public float beta(long iteration) {
        if (!enabled) {
            return 1f;
        }
        long t = iteration - iteration % stepSize;
        return (float) Math.pow(1 + gamma * t, power);
    }
}
