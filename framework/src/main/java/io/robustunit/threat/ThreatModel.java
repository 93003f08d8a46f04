package io.robustunit.threat;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What the adversary may do: change each input by at most {@code epsilon} in a {@link Norm},
 * staying inside the valid input range. One object flows from a robustness gate to the attack that
 * checks it and to the TRADES trainer that repairs the model.
 *
 * <p><b>Pixel space.</b> Epsilon is always measured in the data's pixel space, the space the model's
 * {@code InputContract} declares ({@code [0, 1]} for images scaled from bytes), never in the
 * normalised space a model computes internally: {@code linf(8 / 255.0)} is 8 grey levels whatever
 * mean and std the model or its contract applies.
 *
 * <p><b>Input range.</b> A threat model built without {@link #withInputRange} takes its range from
 * the model's contract when it is evaluated ({@link #resolvedFor}); one with a declared range must
 * match the contract exactly, or the evaluation fails naming both. Until resolved,
 * {@link #min()} and {@link #max()} report [0, 1].
 *
 * <pre>{@code
 * ThreatModel tm = ThreatModel.linf(0.1);                      // range from the model
 * ThreatModel l2 = ThreatModel.linf(1.5).withInputRange(-1, 1); // declared: must match the model
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class ThreatModel implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final Norm norm;
    private final double epsilon;
    private final float min;
    private final float max;
    private final boolean rangeDeclared;

    private ThreatModel(Norm norm, double epsilon, float min, float max, boolean rangeDeclared) {
        if (norm == null) {
            throw new IllegalArgumentException("norm must not be null");
        }
        if (!Double.isFinite(epsilon) || epsilon < 0) {
            throw new IllegalArgumentException("epsilon must be a finite number >= 0, was " + epsilon);
        }
        if (!Float.isFinite(min) || !Float.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException(
                    "input range must be finite with min < max, was [" + min + ", " + max + "]");
        }
        if (rangeDeclared && norm == Norm.LINF && epsilon > (double) max - min) {
            throw new IllegalArgumentException(
                    "Linf epsilon " + epsilon + " exceeds the width of the input range [" + min + ", "
                            + max + "]: every input would be reachable. Use epsilon <= "
                            + ((double) max - min) + ".");
        }
        this.norm = norm;
        this.epsilon = epsilon;
        this.min = min;
        this.max = max;
        this.rangeDeclared = rangeDeclared;
    }

    /** L-inf ball of radius {@code epsilon}; the input range comes from the model. */
    public static ThreatModel linf(double epsilon) {
        return new ThreatModel(Norm.LINF, epsilon, 0f, 1f, false);
    }

    /** L2 ball of radius {@code epsilon}; the input range comes from the model. */
    public static ThreatModel l2(double epsilon) {
        return new ThreatModel(Norm.L2, epsilon, 0f, 1f, false);
    }

    /** A threat model of the given norm and radius; the input range comes from the model. */
    public static ThreatModel of(Norm norm, double epsilon) {
        return new ThreatModel(norm, epsilon, 0f, 1f, false);
    }

    /**
     * The same ball with a declared valid input range, which must then equal the model's.
     *
     * @throws IllegalArgumentException if the range is empty or not finite, or an L-inf epsilon
     *     exceeds its width
     */
    public ThreatModel withInputRange(float newMin, float newMax) {
        return new ThreatModel(norm, epsilon, newMin, newMax, true);
    }

    /** The same norm and range with another radius. */
    public ThreatModel withEpsilon(double newEpsilon) {
        return new ThreatModel(norm, newEpsilon, min, max, rangeDeclared);
    }

    /** Whether the range was declared ({@link #withInputRange}) rather than left to the model. */
    public boolean hasDeclaredRange() {
        return rangeDeclared;
    }

    /**
     * This threat model on a model whose contract declares inputs in {@code [modelMin, modelMax]}:
     * the same ball with that range when none was declared, this one when the declared range
     * matches.
     *
     * @param modelName named in the error messages
     * @throws IllegalArgumentException if the declared range differs from the model's, or an L-inf
     *     epsilon exceeds the width of the model's range
     */
    public ThreatModel resolvedFor(float modelMin, float modelMax, String modelName) {
        if (rangeDeclared) {
            if (Math.abs(min - modelMin) > 1e-6f || Math.abs(max - modelMax) > 1e-6f) {
                throw new IllegalArgumentException(
                        "the threat model " + this + " declares inputs in [" + min + ", " + max
                                + "] but model " + modelName + "'s contract declares [" + modelMin + ", "
                                + modelMax + "]; declare the range once: drop withInputRange (the threat"
                                + " model then takes the model's range) or fix the model's declared range");
            }
            return this;
        }
        if (norm == Norm.LINF && epsilon > (double) modelMax - modelMin) {
            throw new IllegalArgumentException("Linf epsilon " + epsilon + " exceeds the width of model " + modelName
                    + "'s input range [" + modelMin + ", " + modelMax + "]: every input would be"
                    + " reachable. Epsilon is in the data's pixel space; use epsilon <= "
                    + ((double) modelMax - modelMin) + ".");
        }
        return new ThreatModel(norm, epsilon, modelMin, modelMax, true);
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
            NDArray factor = norms.maximum(1e-12f)
                    .div(epsilon)
                    .maximum(1f)
                    .reshape(new ai.djl.ndarray.types.Shape(n)
                            .addAll(new ai.djl.ndarray.types.Shape(
                                    ones(delta.getShape().dimension() - 1))));
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

    /** Equal norm, radius and range; an undeclared range counts as the [0, 1] it reports. */
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
