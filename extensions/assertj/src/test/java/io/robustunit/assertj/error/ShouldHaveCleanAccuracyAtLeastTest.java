package io.robustunit.assertj.error;

import static io.robustunit.assertj.error.ShouldHaveCleanAccuracyAtLeast.shouldHaveCleanAccuracyAtLeast;
import static io.robustunit.assertj.error.ShouldHaveCleanAccuracyAtLeast.shouldHaveCleanAccuracyAtLeastWithConfidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.assertj.Reports;
import io.robustunit.eval.Proportion;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.Measurement;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

class ShouldHaveCleanAccuracyAtLeastTest {

    RobustnessReport report = Reports.report(1000, 832, 600);

    @Test
    void statesModelImagesThresholdAndMeasuredValue() {
        String message = shouldHaveCleanAccuracyAtLeast(
                        GateSubject.of(report), Measurement.of(new Proportion(832, 1000), 0.95), 0.9)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting clean accuracy of fashion-mnist-natural.pt on 1,000 Fashion-MNIST"
                        + " test images to be at least 0.900 but was 0.832 (832/1000; 95% CI 0.807-0.855)");
    }

    @Test
    void perClassNamesTheClassAndItsShareOfTheImages() {
        GateSubject coats = GateSubject.of(report, report.perClass(4));

        String message = shouldHaveCleanAccuracyAtLeastWithConfidence(
                        coats, Measurement.of(new Proportion(60, 100), 0.95), 0.5)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting clean accuracy of fashion-mnist-natural.pt on the 100 'Coat'"
                        + " images (class 4) of 1,000 Fashion-MNIST test images to be at least 0.500 with 95% confidence"
                        + " but the lower bound of its 95% Clopper-Pearson interval was 0.497 (clean accuracy 0.600"
                        + " (60/100; 95% CI 0.497-0.697))");
    }
}
