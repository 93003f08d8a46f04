package io.robustunit.threat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.RobustUnitEngine;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one geometry of perturbations that attacks, the evaluator and TRADES share. */
class NormGeometryTest {

    @Test
    void steepestAscentIsTheSignForLinfAndTheUnitGradientForL2() {
        RobustUnitEngine.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(new float[] {3, -4, 0, 0, 0, 0}, new Shape(2, 3));
            assertThat(Norm.LINF.steepestAscent(g).toFloatArray()).containsExactly(1, -1, 0, 0, 0, 0);
            assertThat(Norm.L2.steepestAscent(g).toFloatArray())
                    .containsExactly(new float[] {0.6f, -0.8f, 0, 0, 0, 0}, within(1e-6f));
        }
    }

    @Test
    void distanceIsTheNormOfOneSamplesDifferenceInDoublePrecision() {
        float[] a = {0, 0, 0, 1, 1, 1};
        float[] b = {0, 0, 0, 1.3f, 0.6f, 1};
        assertThat(Norm.L2.distance(a, b, 3, 3)).isCloseTo(0.5, within(1e-6));
        assertThat(Norm.LINF.distance(a, b, 3, 3)).isCloseTo(0.4, within(1e-6));
        assertThat(Norm.L2.distance(a, b, 0, 3)).isZero();
    }

    @Test
    void aRandomStartInTheL2BallHasAUniformRadiusAndOneOnTheBoundaryHasLengthEpsilon() {
        int dim = 784;
        int draws = 4000;
        double eps = 2.0;
        SplittableRandom random = new SplittableRandom(7);
        float[] out = new float[dim];
        double sum = 0;
        int belowHalf = 0;
        for (int i = 0; i < draws; i++) {
            Norm.L2.randomPerturbation(eps, false, random, out, 0, dim);
            double r = Norm.L2.distance(new float[dim], out, 0, dim);
            assertThat(r).isLessThanOrEqualTo(eps + 1e-5);
            sum += r;
            belowHalf += r < eps / 2 ? 1 : 0;
        }
        // uniform radius: mean eps/2 and half the draws below eps/2 (a volume-uniform radius in 784
        // dimensions would put nearly all of them above 0.99 eps)
        assertThat(sum / draws).isCloseTo(eps / 2, within(0.05));
        assertThat(belowHalf / (double) draws).isCloseTo(0.5, within(0.03));

        Norm.L2.randomPerturbation(eps, true, random, out, 0, dim);
        assertThat(Norm.L2.distance(new float[dim], out, 0, dim)).isCloseTo(eps, within(1e-4));
    }

    @Test
    void aRandomStartInTheLinfBallStaysInsideAndOneOnTheBoundaryTouchesIt() {
        int dim = 100;
        SplittableRandom random = new SplittableRandom(3);
        float[] out = new float[2 * dim];
        Norm.LINF.randomPerturbation(0.1, false, random, out, 0, dim);
        Norm.LINF.randomPerturbation(0.1, true, random, out, dim, dim);
        assertThat(Norm.LINF.distance(new float[2 * dim], out, 0, dim)).isLessThanOrEqualTo(0.1 + 1e-7);
        assertThat(Norm.LINF.distance(new float[2 * dim], out, dim, dim)).isCloseTo(0.1, within(1e-6));
    }
}
