package io.robustunit.assertj.error;

import static io.robustunit.assertj.error.ShouldHaveAccuracyDropAtMost.shouldHaveAccuracyDropAtMost;
import static io.robustunit.assertj.error.ShouldHaveAccuracyDropAtMost.shouldHaveAccuracyDropAtMostWithConfidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.assertj.Reports;
import io.robustunit.eval.Proportion;
import io.robustunit.gate.Measurement;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

class ShouldHaveAccuracyDropAtMostTest {

    GateSubject subject = GateSubject.of(Reports.report(1000, 905, 631));

    @Test
    void statesTheBrokenShareAndBothAccuracies() {
        String message = shouldHaveAccuracyDropAtMost(
                        subject, Measurement.of(new Proportion(274, 1000), 0.95), 905, 631, 0.1)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting accuracy drop of fashion-mnist-natural.pt under PGD(Linf"
                        + " eps=0.100, 20 steps, step 0.010, seed 7) on 1,000 Fashion-MNIST test images to be at most 0.100"
                        + " but was 0.274 (274/1000 images broken; 95% CI 0.247-0.303): clean accuracy 0.905 (905/1000),"
                        + " robust accuracy 0.631 (631/1000)");
    }

    @Test
    void withConfidenceNamesTheUpperBound() {
        String message = shouldHaveAccuracyDropAtMostWithConfidence(
                        subject, Measurement.of(new Proportion(274, 1000), 0.95), 905, 631, 0.29)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting accuracy drop of fashion-mnist-natural.pt under PGD(Linf"
                        + " eps=0.100, 20 steps, step 0.010, seed 7) on 1,000 Fashion-MNIST test images to be at most 0.290"
                        + " with 95% confidence but the upper bound of its 95% Clopper-Pearson interval was 0.303 (drop"
                        + " 0.274 (274/1000 images broken; 95% CI 0.247-0.303): clean accuracy 0.905 (905/1000), robust"
                        + " accuracy 0.631 (631/1000))");
    }
}
