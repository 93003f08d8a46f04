package io.robustunit.assertj.error;

import static io.robustunit.assertj.error.ShouldHaveAttackSuccessRateAtMost.shouldHaveAttackSuccessRateAtMost;
import static io.robustunit.assertj.error.ShouldHaveAttackSuccessRateAtMost.shouldHaveAttackSuccessRateAtMostWithConfidence;
import static io.robustunit.assertj.error.ShouldHaveAttackSuccessRateAtMost.shouldHaveCleanCorrectImagesToAttack;
import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.assertj.Reports;
import io.robustunit.eval.Proportion;
import io.robustunit.gate.Measurement;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

class ShouldHaveAttackSuccessRateAtMostTest {

    GateSubject subject = GateSubject.of(Reports.report(1000, 905, 631));

    @Test
    void statesHowManyCleanCorrectImagesTheAttackBroke() {
        String message = shouldHaveAttackSuccessRateAtMost(subject, Measurement.of(new Proportion(274, 905), 0.95), 0.2)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting attack success rate of PGD(Linf eps=0.100, 20 steps, step 0.010,"
                        + " seed 7) against fashion-mnist-natural.pt on 1,000 Fashion-MNIST test images to be at most 0.200"
                        + " but was 0.303 (274 of 905 clean-correct images broken; 95% CI 0.273-0.334)");
    }

    @Test
    void withConfidenceNamesTheUpperBound() {
        String message = shouldHaveAttackSuccessRateAtMostWithConfidence(
                        subject, Measurement.of(new Proportion(274, 905), 0.95), 0.32)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting attack success rate of PGD(Linf eps=0.100, 20 steps, step 0.010,"
                        + " seed 7) against fashion-mnist-natural.pt on 1,000 Fashion-MNIST test images to be at most 0.320"
                        + " with 95% confidence but the upper bound of its 95% Clopper-Pearson interval was 0.334 (success"
                        + " rate 0.303 (274 of 905 clean-correct images broken; 95% CI 0.273-0.334))");
    }

    @Test
    void explainsThatTheRateIsUndefinedWhenNothingIsClassifiedCorrectly() {
        String message = shouldHaveCleanCorrectImagesToAttack(subject, 1000, 0.2)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting attack success rate of PGD(Linf eps=0.100, 20 steps, step 0.010,"
                        + " seed 7) against fashion-mnist-natural.pt on 1,000 Fashion-MNIST test images to be at most 0.200"
                        + " but it is undefined: the model classifies none of the 1000 images correctly (0/1000"
                        + " clean-correct), so there was nothing to attack");
    }
}
