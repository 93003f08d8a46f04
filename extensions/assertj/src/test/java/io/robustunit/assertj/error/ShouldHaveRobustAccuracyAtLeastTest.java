package io.robustunit.assertj.error;

import static io.robustunit.assertj.error.ShouldHaveRobustAccuracyAtLeast.shouldHaveRobustAccuracyAtLeast;
import static io.robustunit.assertj.error.ShouldHaveRobustAccuracyAtLeast.shouldHaveRobustAccuracyAtLeastWithConfidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.assertj.Reports;
import io.robustunit.eval.Proportion;
import io.robustunit.gate.Measurement;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

class ShouldHaveRobustAccuracyAtLeastTest {

    GateSubject subject = GateSubject.of(Reports.report(1000, 905, 631));

    @Test
    void statesModelAttackImagesThresholdAndMeasuredValueWithCountAndInterval() {
        String message = shouldHaveRobustAccuracyAtLeast(subject, Measurement.of(new Proportion(631, 1000), 0.95), 0.7)
                .create(new TextDescription("natural model"), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("[natural model] Expecting robust accuracy of fashion-mnist-natural.pt under"
                        + " PGD(Linf eps=0.100, 20 steps, step 0.010, seed 7) on 1,000 Fashion-MNIST test images to be at"
                        + " least 0.700 but was 0.631 (631/1000; 95% CI 0.600-0.661)");
    }

    @Test
    void withConfidenceNamesTheLowerBoundThatMissedTheThreshold() {
        String message = shouldHaveRobustAccuracyAtLeastWithConfidence(
                        subject, Measurement.of(new Proportion(631, 1000), 0.99), 0.62)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting robust accuracy of fashion-mnist-natural.pt under"
                        + " PGD(Linf eps=0.100, 20 steps, step 0.010, seed 7) on 1,000 Fashion-MNIST test images to be at"
                        + " least 0.620 with 99% confidence but the lower bound of its 99% Clopper-Pearson interval was"
                        + " 0.591 (robust accuracy 0.631 (631/1000; 99% CI 0.591-0.670))");
    }
}
