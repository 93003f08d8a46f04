package io.robustunit.assertj.error;

import static io.robustunit.assertj.error.ShouldHaveBaseline.shouldHaveBaseline;
import static io.robustunit.assertj.error.ShouldHaveBaseline.shouldMatchBaselineSetup;
import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.assertj.Reports;
import io.robustunit.eval.Proportion;
import io.robustunit.gate.Measurement;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

class ShouldHaveBaselineTest {

    @Test
    void aMissingBaselineSaysHowToRecordOne() {
        String message = shouldHaveBaseline(
                        GateSubject.of(Reports.report(1000, 905, 631)),
                        Measurement.of(new Proportion(631, 1000), 0.95),
                        "pgd",
                        "src/test/resources/robustness-baselines/pgd.json")
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting a robustness baseline for gate 'pgd' at"
                        + " src/test/resources/robustness-baselines/pgd.json but there is none. Run with"
                        + " -Drobustunit.baseline.update=true to record robust accuracy 0.631 (631/1000; 95% CI 0.600-0.661)"
                        + " of fashion-mnist-natural.pt under PGD(Linf eps=0.100, 20 steps, step 0.010, seed 7) on 1,000"
                        + " Fashion-MNIST test images, and commit the file.");
    }

    @Test
    void aBaselineOfAnotherEvaluationNamesTheDifference() {
        String message = shouldMatchBaselineSetup("pgd", "b/pgd.json", "the attack changed from A to B")
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting gate 'pgd' to repeat the evaluation recorded in b/pgd.json but the"
                        + " attack changed from A to B. If the change is intended, record a new baseline with"
                        + " -Drobustunit.baseline.update=true and commit the file.");
    }
}
