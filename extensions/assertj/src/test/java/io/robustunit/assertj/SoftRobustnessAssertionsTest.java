package io.robustunit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.robustunit.eval.RobustnessReport;
import org.assertj.core.error.AssertJMultipleFailuresError;
import org.junit.jupiter.api.Test;

class SoftRobustnessAssertionsTest {

    RobustnessReport report = Reports.report(1000, 905, 631);

    @Test
    void collectsEveryFailedGateIncludingPerClassOnes() {
        SoftRobustnessAssertions softly = new SoftRobustnessAssertions();

        softly.assertThat(report)
                .hasRobustAccuracyAtLeast(0.7)
                .hasCleanAccuracyAtLeast(0.9)
                .hasAccuracyDropAtMost(0.2)
                .forClass("Coat")
                .hasRobustAccuracyAtLeast(0.8);
        softly.assertThat(report).withConfidence(0.95).hasAttackSuccessRateAtMost(0.32);

        assertThat(softly.errorsCollected()).hasSize(4);
        Throwable all = catchThrowable(softly::assertAll);
        assertThat(all)
                .isInstanceOf(AssertJMultipleFailuresError.class)
                .hasMessageContaining("Expecting robust accuracy of fashion-mnist-natural.pt under PGD")
                .hasMessageContaining("Expecting accuracy drop of")
                .hasMessageContaining("the 100 'Coat' images (class 4)")
                .hasMessageContaining("with 95% confidence but the upper bound")
                .hasMessageNotContaining("Expecting clean accuracy");
    }

    @Test
    void passingGatesCollectNothing() {
        SoftRobustnessAssertions softly = new SoftRobustnessAssertions();

        softly.assertThat(report).hasRobustAccuracyAtLeast(0.6).forClass(0).hasCleanAccuracyAtLeast(0.5);

        softly.assertAll();
        assertThat(softly.wasSuccess()).isTrue();
    }

    @Test
    void anInvalidEvaluationOutranksFailedGatesAndKeepsThemAsSuppressed() {
        SoftRobustnessAssertions softly = new SoftRobustnessAssertions();

        softly.assertThat(report).hasRobustAccuracyAtLeast(0.7);
        softly.assertThat(Reports.outsideBall(1000, 905, 631))
                .hasRobustAccuracyAtLeast(0.1)
                .hasCleanAccuracyAtLeast(0.1);

        assertThat(softly.invalidEvaluations()).hasSize(2);
        InvalidEvaluationError error = catchThrowableOfType(InvalidEvaluationError.class, softly::assertAll);
        assertThat(error)
                .hasMessageStartingWith("2 invalid robustness evaluations (neither pass nor fail):")
                .hasMessageContaining("\"robust accuracy at least 0.100\"")
                .hasMessageContaining("\"clean accuracy at least 0.100\"");
        assertThat(error.getSuppressed())
                .singleElement()
                .extracting(Throwable::getMessage)
                .asString()
                .startsWith("Expecting robust accuracy of fashion-mnist-natural.pt");
    }

    @Test
    void worksWithAssertSoftly() {
        Throwable thrown = catchThrowable(() -> SoftRobustnessAssertions.assertSoftly(softly ->
                softly.assertThat(report).hasRobustAccuracyAtLeast(0.9).hasCleanAccuracyAtLeast(0.95)));

        assertThat(thrown)
                .isInstanceOf(AssertJMultipleFailuresError.class)
                .hasMessageContaining("Expecting robust accuracy")
                .hasMessageContaining("Expecting clean accuracy");
    }
}
