package io.robustunit.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import io.robustunit.threat.ThreatModel;

/** Assertions every attack result must satisfy. */
final class Invariants {

    private Invariants() {}

    /** Every adversarial example lies in the epsilon ball (float tolerance) and the input range. */
    static void assertInsideBallAndRange(ThreatModel tm, NDArray adversarial, NDArray original) {
        assertThat(adversarial.getShape()).isEqualTo(original.getShape());
        float[] norms = tm.perturbationNorms(adversarial, original).toFloatArray();
        for (int i = 0; i < norms.length; i++) {
            assertThat((double) norms[i])
                    .as("perturbation norm of sample %d", i)
                    .isLessThanOrEqualTo(tm.epsilon() * (1 + 1e-5) + 1e-6);
        }
        assertThat(adversarial.min().getFloat()).isGreaterThanOrEqualTo(tm.min());
        assertThat(adversarial.max().getFloat()).isLessThanOrEqualTo(tm.max());
    }

    /** {@code brokenBy[i]} is set exactly for the misclassified samples, naming {@code attack}. */
    static void assertAttributionMatchesPredictions(
            AttackResult result, int[] predictions, int[] labels, Attack attack) {
        String[] by = result.brokenBy();
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] == labels[i]) {
                assertThat(by[i]).as("attribution of surviving sample %d", i).isNull();
            } else {
                assertThat(by[i])
                        .as("attribution of broken sample %d", i)
                        .isIn(attack.toString(), AttackResult.MISCLASSIFIED_CLEAN);
            }
        }
    }
}
