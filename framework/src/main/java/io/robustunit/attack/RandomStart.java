package io.robustunit.attack;

import io.robustunit.threat.Norm;
import java.util.SplittableRandom;

/** Random initial perturbations, drawn per sample in Java. */
enum RandomStart {

    /** Inside the ball: see {@link Norm#randomPerturbation} for the distribution and why. */
    IN_BALL,

    /** On the boundary, as AutoAttack's APGD: see {@link Norm#randomPerturbation}. */
    ON_BOUNDARY;

    /**
     * Perturbations for the samples at {@code rows}, {@code rows.length * dim} values.
     *
     * @param generators one generator per sample of the batch, indexed by row
     */
    float[] deltas(Norm norm, double eps, SplittableRandom[] generators, int[] rows, int dim) {
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            norm.randomPerturbation(eps, this == ON_BOUNDARY, generators[rows[i]], out, i * dim, dim);
        }
        return out;
    }
}
