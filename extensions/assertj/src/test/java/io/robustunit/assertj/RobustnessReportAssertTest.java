package io.robustunit.assertj;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.eval.RobustnessReport;
import org.junit.jupiter.api.Test;

class RobustnessReportAssertTest {

    RobustnessReport report = Reports.report(1000, 905, 631);

    @Test
    void thresholdsAtOrBelowTheMeasuredValuesPass() {
        assertThat(report)
                .hasRobustAccuracyAtLeast(0.631)
                .hasCleanAccuracyAtLeast(0.905)
                .hasAccuracyDropAtMost(0.274)
                .hasAttackSuccessRateAtMost(274.0 / 905);
    }

    @Test
    void aRobustAccuracyBelowTheThresholdFailsWithTheMeasuredFraction() {
        assertThatThrownBy(() -> assertThat(report).hasRobustAccuracyAtLeast(0.7))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(
                        "Expecting robust accuracy of fashion-mnist-natural.pt under PGD(Linf eps=0.100, 20 steps,"
                                + " step 0.010, seed 7) on 1,000 Fashion-MNIST test images to be at least 0.700 but was 0.631"
                                + " (631/1000; 95% CI 0.600-0.661)\n"
                                + "To repair (TRADES fine-tuning against this threat model): mvn robustunit:repair"
                                + " -Drobustunit.model=fashion-mnist-natural.pt")
                // -Drobustunit.data=... appears only when another test in this JVM loaded data of this name
                .hasMessageEndingWith(" -Drobustunit.norm=linf -Drobustunit.eps=0.1");
    }

    @Test
    void withConfidenceTheLowerBoundMustClearTheThreshold() {
        assertThat(report).withConfidence(0.95).hasRobustAccuracyAtLeast(0.600);

        assertThatThrownBy(() -> assertThat(report).withConfidence(0.95).hasRobustAccuracyAtLeast(0.62))
                .hasMessageContaining("to be at least 0.620 with 95% confidence but the lower bound of its 95%"
                        + " Clopper-Pearson interval was 0.600");
    }

    @Test
    void withConfidenceTheUpperBoundMustStayWithinAMaximum() {
        assertThat(report).withConfidence(0.95).hasAccuracyDropAtMost(0.31).hasAttackSuccessRateAtMost(0.34);

        assertThatThrownBy(() -> assertThat(report).withConfidence(0.95).hasAccuracyDropAtMost(0.29))
                .hasMessageContaining("upper bound of its 95% Clopper-Pearson interval was 0.303");
        assertThatThrownBy(() -> assertThat(report).withConfidence(0.95).hasAttackSuccessRateAtMost(0.32))
                .hasMessageContaining("upper bound of its 95% Clopper-Pearson interval was 0.334");
    }

    @Test
    void cleanDropAndSuccessRateGatesFailWithTheirOwnMessages() {
        assertThatThrownBy(() -> assertThat(report).hasCleanAccuracyAtLeast(0.95))
                .hasMessageStartingWith("Expecting clean accuracy of fashion-mnist-natural.pt on 1,000");
        assertThatThrownBy(() -> assertThat(report).hasAccuracyDropAtMost(0.2))
                .hasMessageStartingWith("Expecting accuracy drop of fashion-mnist-natural.pt under PGD");
        assertThatThrownBy(() -> assertThat(report).hasAttackSuccessRateAtMost(0.2))
                .hasMessageStartingWith("Expecting attack success rate of PGD");
    }

    @Test
    void perClassGatesReadTheClassCountsByLabelOrName() {
        // labels cycle over ten classes: samples 0..630 are robust, so class 4 has 63 robust of 100
        assertThat(report).forClass(4).hasRobustAccuracyAtLeast(0.63);
        assertThat(report).forClass("Coat").hasRobustAccuracyAtLeast(0.63);

        assertThatThrownBy(() -> assertThat(report).forClass("Coat").hasRobustAccuracyAtLeast(0.7))
                .hasMessageStartingWith(
                        "Expecting robust accuracy of fashion-mnist-natural.pt under PGD(Linf eps=0.100, 20 steps,"
                                + " step 0.010, seed 7) on the 100 'Coat' images (class 4) of 1,000 Fashion-MNIST test images"
                                + " to be at least 0.700 but was 0.630 (63/100; 95% CI 0.528-0.724)\nTo repair");
    }

    @Test
    void confidenceCarriesOverToAClass() {
        assertThatThrownBy(() ->
                        assertThat(report).withConfidence(0.95).forClass(4).hasRobustAccuracyAtLeast(0.6))
                .hasMessageContaining("with 95% confidence but the lower bound");
    }

    @Test
    void anUnknownClassIsAProgrammingError() {
        assertThatThrownBy(() -> assertThat(report).forClass("Hat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no class named 'Hat'; the classes are [T-shirt/top");
        assertThatThrownBy(() -> assertThat(report).forClass(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClassWithoutImagesCannotBeGated() {
        RobustnessReport fiveImages = Reports.report(5, 5, 5);

        assertThatThrownBy(() -> assertThat(fiveImages).forClass(7))
                .isInstanceOf(AssertionError.class)
                .hasMessage(
                        "Expecting images of class 7 'Sneaker' among the 5 Fashion-MNIST test images but there are none");
    }

    @Test
    void anAttackSuccessRateIsUndefinedWhenNothingIsCleanCorrect() {
        assertThatThrownBy(() -> assertThat(Reports.report(10, 0, 0)).hasAttackSuccessRateAtMost(1.0))
                .hasMessageContaining("but it is undefined");
    }

    @Test
    void thresholdsOutsideTheUnitIntervalAreRejected() {
        assertThatThrownBy(() -> assertThat(report).hasRobustAccuracyAtLeast(70))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold must be in [0, 1], was 70.0");
        assertThatThrownBy(() -> assertThat(report).withConfidence(95)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordedOutOfBallExampleMakesEveryGateInvalidEvenOnePassingOnNumbers() {
        RobustnessReport sloppy = Reports.outsideBall(1000, 905, 631);

        assertThatThrownBy(() -> assertThat(sloppy).hasRobustAccuracyAtLeast(0.1))
                .isInstanceOf(InvalidEvaluationError.class)
                .isNotInstanceOf(AssertionError.class)
                .hasMessageContaining("the gate \"robust accuracy at least 0.100\" was not decided")
                .hasMessageContaining("on 1 of 1,000 Fashion-MNIST test images (OUTSIDE_BALL 1; first: sample 0:"
                        + " OUTSIDE_BALL (Linf norm 0.200 > eps 0.100))");
        assertThatThrownBy(() -> assertThat(sloppy).forClass(0).hasCleanAccuracyAtLeast(0.0))
                .isInstanceOf(InvalidEvaluationError.class);
    }

    @Test
    void aDescriptionPrefixesTheMessage() {
        assertThatThrownBy(
                        () -> assertThat(report).as("release gate").forClass(4).hasRobustAccuracyAtLeast(0.9))
                .hasMessageStartingWith("[release gate] Expecting robust accuracy");
    }
}
