package com.example.fashion;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static io.robustunit.attack.Attacks.fgsm;
import static io.robustunit.attack.Attacks.pgd;
import static io.robustunit.threat.ThreatModel.linf;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.data.LabeledImages;
import io.robustunit.junit5.EpsilonSource;
import io.robustunit.junit5.EvaluationData;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The naturally trained model: accurate, and not robust. Its L-inf 0.1 gate is the documented
 * expected failure that {@link RepairedModelRobustnessTest} turns green after TRADES.
 */
@RobustnessTest
class NaturalModelRobustnessTest {

    @TrainedModel(resource = "models/fashion-mnist-natural.pt")
    static Classifier natural;

    @EvaluationData(resource = "fashion-mnist-1000")
    static LabeledImages test;

    @Test
    void isAccurateOnCleanImages() {
        assertThat(natural).on(test).underAttack(fgsm(linf(0.1))).hasCleanAccuracyAtLeast(0.85);
    }

    @Test
    @DisplayName("expected failure: PGD-20 at Linf 0.1 breaks the natural model (repaired by TRADES)")
    void failsTheLinf01GateBeforeRepair() {
        assertThatThrownBy(() -> assertThat(natural)
                        .on(test)
                        .underAttack(pgd(linf(0.1)).steps(20).seed(0))
                        .hasRobustAccuracyAtLeast(0.45))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "Expecting robust accuracy of fashion-mnist-natural.pt under PGD(Linf eps=0.100, 20 steps")
                .hasMessageContaining("on 1,000 Fashion-MNIST test images to be at least 0.450");
    }

    @ParameterizedTest(name = "PGD-20 at {0}")
    @EpsilonSource(values = {0.01, 0.02})
    void keepsMostImagesUnderTinyPerturbations(ThreatModel threatModel) {
        assertThat(natural)
                .on(test)
                .underAttack(pgd(threatModel).steps(20).seed(0))
                .hasRobustAccuracyAtLeast(threatModel.epsilon() <= 0.01 ? 0.55 : 0.35);
    }

    @Test
    void trousersStayRobustAtLinf002() {
        assertThat(natural)
                .on(test)
                .underAttack(pgd(linf(0.02)).steps(20).seed(0))
                .forClass("Trouser")
                .hasRobustAccuracyAtLeast(0.60);
    }

    @Test
    void doesNotFallBelowItsBaseline() {
        assertThat(natural)
                .on(test)
                .underAttack(pgd(linf(0.02)).steps(20).seed(0))
                .isNotWorseThanBaseline("natural-pgd20-linf-0.02", 0.02);
    }
}
