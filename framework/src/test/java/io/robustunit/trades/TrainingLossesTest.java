package io.robustunit.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.RobustUnitEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainingLossesTest {

    NDManager manager = NDManager.newBaseManager();

    @BeforeAll
    static void engine() {
        RobustUnitEngine.pytorch();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void klDivergenceIsZeroWhenBothDistributionsAreTheSame() {
        NDArray logits = manager.create(new float[] {1f, -2f, 0.5f, 3f, 3f, -1f}, new Shape(2, 3));

        float[] kl = TrainingLosses.klDivergence(logits.logSoftmax(1), logits).toFloatArray();

        assertThat(kl).containsExactly(new float[] {0f, 0f}, within(1e-7f));
    }

    @Test
    void klDivergenceMatchesTheDefinitionSummedOverClasses() {
        double[] p = {0.7, 0.2, 0.1};
        double[] q = {0.1, 0.3, 0.6};
        NDArray logP = manager.create(
                new float[] {(float) Math.log(p[0]), (float) Math.log(p[1]), (float) Math.log(p[2])}, new Shape(1, 3));
        NDArray logitsQ = manager.create(
                new float[] {(float) Math.log(q[0]) + 5, (float) Math.log(q[1]) + 5, (float) Math.log(q[2]) + 5},
                new Shape(1, 3));
        double expected = 0;
        for (int k = 0; k < 3; k++) {
            expected += p[k] * Math.log(p[k] / q[k]);
        }

        float kl = TrainingLosses.klDivergence(logP, logitsQ).getFloat(0);

        assertThat(kl).isPositive().isCloseTo((float) expected, within(1e-5f));
    }

    @Test
    void crossEntropyIsMinusTheLogProbabilityOfTheLabel() {
        NDArray logits = manager.create(new float[] {2f, 0f, -1f}, new Shape(1, 3));
        NDArray oneHot = manager.create(new float[] {0f, 1f, 0f}, new Shape(1, 3));
        double logSum = Math.log(Math.exp(2) + Math.exp(0) + Math.exp(-1));

        float ce = TrainingLosses.crossEntropy(logits, oneHot).getFloat(0);

        assertThat(ce).isCloseTo((float) logSum, within(1e-5f));
    }
}
