package io.robustunit.attack;

import io.robustunit.threat.Norm;
import java.util.SplittableRandom;

/** Random initial perturbations, drawn per sample in Java. */
enum RandomStart {

    /**
     * Linf: uniform in the ball. L2: a uniformly random direction scaled by a radius uniform in
     * {@code [0, eps]}.
     */
    IN_BALL,

    /**
     * As in AutoAttack's APGD. Linf: {@code eps * t / max|t|} with {@code t} uniform in
     * {@code [-1, 1]^d}. L2: a uniformly random direction of length {@code eps}.
     */
    ON_BOUNDARY;

    /**
     * Perturbations for the samples at {@code rows}, {@code rows.length * dim} values.
     *
     * @param generators one generator per sample of the batch, indexed by row
     */
    float[] deltas(Norm norm, double eps, SplittableRandom[] generators, int[] rows, int dim) {
        float[] out = new float[rows.length * dim];
        double[] t = new double[dim];
        for (int i = 0; i < rows.length; i++) {
            SplittableRandom random = generators[rows[i]];
            double scale;
            if (norm == Norm.LINF) {
                double max = 0;
                for (int d = 0; d < dim; d++) {
                    t[d] = 2 * random.nextDouble() - 1;
                    max = Math.max(max, Math.abs(t[d]));
                }
                scale = this == IN_BALL ? eps : eps / Math.max(max, 1e-12);
            } else {
                double sum = 0;
                for (int d = 0; d < dim; d++) {
                    t[d] = random.nextGaussian();
                    sum += t[d] * t[d];
                }
                double radius = this == IN_BALL ? eps * random.nextDouble() : eps;
                scale = radius / Math.max(Math.sqrt(sum), 1e-12);
            }
            int base = i * dim;
            for (int d = 0; d < dim; d++) {
                out[base + d] = (float) (t[d] * scale);
            }
        }
        return out;
    }
}
