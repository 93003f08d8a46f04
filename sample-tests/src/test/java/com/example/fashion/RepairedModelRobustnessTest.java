package com.example.fashion;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static io.robustunit.attack.Attacks.apgdCe;
import static io.robustunit.attack.Attacks.pgd;
import static io.robustunit.threat.ThreatModel.linf;

import io.robustunit.data.LabeledImages;
import io.robustunit.junit5.EvaluationData;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import org.junit.jupiter.api.Test;

/**
 * The same L-inf 0.1 gate that {@link NaturalModelRobustnessTest} shows failing, passing on the model
 * repaired by {@code ./robustunit trades} (see README: "The repair").
 */
@RobustnessTest
class RepairedModelRobustnessTest {

    @TrainedModel(resource = "models/fashion-mnist-trades.pt")
    static Classifier repaired;

    @EvaluationData(resource = "fashion-mnist-1000")
    static LabeledImages test;

    /**
     * Sequential confidence gates: the images are attacked in a seeded random order and each gate
     * stops as soon as its 95% bound clears the threshold (here after a few hundred of the 1,000).
     */
    @Test
    void passesTheLinf01GateAfterTrades() {
        assertThat(repaired)
                .on(test)
                .withConfidence(0.95)
                .underAttack(pgd(linf(0.1)).steps(20).seed(0))
                .hasCleanAccuracyAtLeast(0.65)
                .hasRobustAccuracyAtLeast(0.45);
    }

    /** A model that had only learnt to mask PGD's gradients would fall to APGD's adaptive steps. */
    @Test
    void holdsTheGateUnderApgdCeToo() {
        assertThat(repaired)
                .on(test)
                .withConfidence(0.95)
                .underAttack(apgdCe(linf(0.1)).iterations(50).seed(0))
                .hasRobustAccuracyAtLeast(0.45);
    }
}
