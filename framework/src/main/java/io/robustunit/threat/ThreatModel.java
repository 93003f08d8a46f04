package io.robustunit.threat;

import ai.djl.ndarray.NDArray;
import java.util.Locale;

/**
 * What the adversary may do: change each input by at most {@code epsilon} in a {@link Norm},
 * staying inside the valid input range. One object flows from a robustness gate to the attack that
 * checks it and to the TRADES trainer that repairs the model.
 *
 * <pre>{@code
 * ThreatModel tm = ThreatModel.linf(0.1);                 // inputs in [0, 1]
 * ThreatModel l2 = ThreatModel.l2(1.5).withInputRange(-1, 1);
 * }</pre>
 */
public final class ThreatModel {

    private final Norm norm;
    private final double epsilon;
    private final float min;
    private final float max;

    private ThreatModel(Norm norm, double epsilon, float min, float max) {
        if (norm == null) {
            throw new IllegalArgumentException("norm must not be null");
        }
        if (!Double.isFinite(epsilon) || epsilon < 0) {
            throw new IllegalArgumentException(
                    "epsilon must be a finite number >= 0, was " + epsilon);
        }
        if (!Float.isFinite(min) || !Float.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException(
                    "input range must be finite with min < max, was [" + min + ", " + max + "]");
        }
        if (norm == Norm.LINF && epsilon > (double) max - min) {
            throw new IllegalArgumentException(
                    "Linf epsilon " + epsilon + " exceeds the width of the input range [" + min + ", "
                            + max + "]: every input would be reachable. Use epsilon <= "
                            + ((double) max - min) + ".");
        }
        this.norm = norm;
        this.epsilon = epsilon;
        this.min = min;
        this.max = max;
    }

    /** L-inf ball of radius {@code epsilon}, inputs in [0, 1]. */
    public static ThreatModel linf(double epsilon) {
        return new ThreatModel(Norm.LINF, epsilon, 0f, 1f);
    }

    /** L2 ball of radius {@code epsilon}, inputs in [0, 1]. */
    public static ThreatModel l2(double epsilon) {
        return new ThreatModel(Norm.L2, epsilon, 0f, 1f);
    }

    /** A threat model of the given norm and radius, inputs in [0, 1]. */
    public static ThreatModel of(Norm norm, double epsilon) {
        return new ThreatModel(norm, epsilon, 0f, 1f);
    }

    /** The same ball with another valid input range. */
    public ThreatModel withInputRange(float newMin, float newMax) {
        return new ThreatModel(norm, epsilon, newMin, newMax);
    }

    /** The same norm and range with another radius. */
    public ThreatModel withEpsilon(double newEpsilon) {
        return new ThreatModel(norm, newEpsilon, min, max);
    }

    public Norm norm() {
        return norm;
    }

    public double epsilon() {
        return epsilon;
    }

    public float min() {
        return min;
    }

    public float max() {
        return max;
    }

    /**
     * Projects {@code candidate} onto the ball around {@code original} and then the input range.
     * The result is attached to {@code candidate}'s manager.
     */
    public NDArray project(NDArray candidate, NDArray original) {
        NDArray delta = candidate.sub(original);
        NDArray projected;
        if (norm == Norm.LINF) {
            projected = delta.clip(-epsilon, epsilon);
        } else {
            long n = delta.getShape().get(0);
            NDArray norms = Norm.L2.of(delta).reshape(n, 1);
            NDArray factor = norms.maximum(1e-12f).div(epsilon).maximum(1f).reshape(
                    new ai.djl.ndarray.types.Shape(n).addAll(
                            new ai.djl.ndarray.types.Shape(ones(delta.getShape().dimension() - 1))));
            projected = delta.div(factor);
        }
        return projected.add(original).clip(min, max);
    }

    private static long[] ones(int k) {
        long[] a = new long[k];
        java.util.Arrays.fill(a, 1L);
        return a;
    }

    /** Per-sample perturbation norms {@code [N]} of {@code adversarial - original}. */
    public NDArray perturbationNorms(NDArray adversarial, NDArray original) {
        return norm.of(adversarial.sub(original));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThreatModel t
                && t.norm == norm
                && Double.compare(t.epsilon, epsilon) == 0
                && Float.compare(t.min, min) == 0
                && Float.compare(t.max, max) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(norm, epsilon, min, max);
    }

    /** For example {@code Linf eps=0.100}; the range is shown when it is not [0, 1]. */
    @Override
    public String toString() {
        String s = String.format(Locale.ROOT, "%s eps=%.3f", norm, epsilon);
        if (min != 0f || max != 1f) {
            s += String.format(Locale.ROOT, " range=[%s, %s]", min, max);
        }
        return s;
    }
}
