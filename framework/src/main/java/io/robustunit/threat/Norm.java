package io.robustunit.threat;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import org.apiguardian.api.API;

/** The norm that measures a perturbation. */
@API(status = STABLE, since = "0.1")
public enum Norm {
    /** Largest absolute change of any input value. */
    LINF("Linf"),
    /** Euclidean length of the change. */
    L2("L2");

    private final String label;

    Norm(String label) {
        this.label = label;
    }

    /** Per-sample norm of a batch {@code [N, ...]} of perturbations, as {@code [N]}. */
    public NDArray of(NDArray delta) {
        NDArray flat = delta.reshape(delta.getShape().get(0), -1);
        return switch (this) {
            case LINF -> flat.abs().max(new int[] {1});
            case L2 -> flat.square().sum(new int[] {1}).sqrt();
        };
    }

    /**
     * The unit-norm steepest-ascent direction of a batch of gradients {@code [N, ...]}: the sign for
     * Linf, {@code g / ||g||_2} per sample for L2 (zero where the gradient is zero). Every gradient
     * step of the attacks and of TRADES' inner maximisation goes this way.
     */
    public NDArray steepestAscent(NDArray gradient) {
        if (this == LINF) {
            return gradient.sign();
        }
        long[] dims = new long[gradient.getShape().dimension()];
        java.util.Arrays.fill(dims, 1L);
        dims[0] = gradient.getShape().get(0);
        return gradient.div(of(gradient).maximum(1e-12f).reshape(new ai.djl.ndarray.types.Shape(dims)));
    }

    /**
     * The norm of {@code b - a} over {@code length} values from {@code offset}, in double precision:
     * the size of one sample's perturbation, computed the same way whatever batch it came in.
     */
    public double distance(float[] a, float[] b, int offset, int length) {
        double acc = 0;
        for (int j = offset; j < offset + length; j++) {
            double d = Math.abs((double) b[j] - a[j]);
            acc = this == LINF ? Math.max(acc, d) : acc + d * d;
        }
        return this == LINF ? acc : Math.sqrt(acc);
    }

    /**
     * Writes a random perturbation of one sample into {@code out[offset, offset + dim)}.
     *
     * <p>Inside the ball ({@code onBoundary} false): Linf uniform per coordinate in
     * {@code [-eps, eps]}; L2 a uniformly random direction scaled by {@code eps * U}, U uniform in
     * [0, 1]. The L2 radius is uniform, not volume-uniform ({@code eps * U^(1/d)}): that is what
     * torchattacks' PGD-L2 (the reference our attacks are checked against) draws, and in d = 784
     * dimensions a volume-uniform radius is at least 0.99 eps with probability 1 - 0.99^784 > 0.9996,
     * i.e. a boundary start in all but name. The attacks and TRADES both draw it this way.
     *
     * <p>On the boundary ({@code onBoundary} true, as AutoAttack's APGD): Linf {@code eps * t / max|t|}
     * with t uniform in {@code [-1, 1]^d}; L2 a uniformly random direction of length eps.
     */
    public void randomPerturbation(
            double eps, boolean onBoundary, java.util.SplittableRandom random, float[] out, int offset, int dim) {
        double[] t = new double[dim];
        double scale;
        if (this == LINF) {
            double max = 0;
            for (int d = 0; d < dim; d++) {
                t[d] = 2 * random.nextDouble() - 1;
                max = Math.max(max, Math.abs(t[d]));
            }
            scale = onBoundary ? eps / Math.max(max, 1e-12) : eps;
        } else {
            double sum = 0;
            for (int d = 0; d < dim; d++) {
                t[d] = random.nextGaussian();
                sum += t[d] * t[d];
            }
            double radius = onBoundary ? eps : eps * random.nextDouble();
            scale = radius / Math.max(Math.sqrt(sum), 1e-12);
        }
        for (int d = 0; d < dim; d++) {
            out[offset + d] = (float) (t[d] * scale);
        }
    }

    /** Parses "linf", "Linf", "inf", "l2" (case-insensitive). */
    public static Norm parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "linf", "inf", "l_inf", "l-inf" -> LINF;
            case "l2", "2", "l_2" -> L2;
            default -> throw new IllegalArgumentException("unknown norm '" + text + "'; use linf or l2");
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
