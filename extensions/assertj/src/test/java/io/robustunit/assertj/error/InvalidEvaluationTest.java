package io.robustunit.assertj.error;

import static io.robustunit.assertj.error.InvalidEvaluation.invalidEvaluation;
import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.assertj.Reports;
import io.robustunit.validity.Finding;
import io.robustunit.validity.ValidityReport;
import java.util.List;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

class InvalidEvaluationTest {

    @Test
    void saysTheGateWasNotDecidedAndListsEveryFinding() {
        ValidityReport findings = new ValidityReport(List.of(
                new Finding(Finding.Kind.GRADIENT_MASKING, "zero on 64 of 64 samples."),
                new Finding(Finding.Kind.PROBABILITY_OUTPUTS, "rows sum to 1.")));

        String message = invalidEvaluation(
                        GateSubject.of(Reports.report(1000, 905, 631)), "robust accuracy at least 0.700", findings)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo(String.join(
                        System.lineSeparator(),
                        "Invalid robustness evaluation (neither pass nor fail) of fashion-mnist-natural.pt under PGD(Linf"
                                + " eps=0.100, 20 steps, step 0.010, seed 7) on 1,000 Fashion-MNIST test images: the gate"
                                + " \"robust accuracy at least 0.700\" was not decided because the evaluation cannot be"
                                + " trusted:",
                        "- zero input gradients (gradient masking): zero on 64 of 64 samples.",
                        "- outputs are probabilities, not logits: rows sum to 1.",
                        "(to accept a finding deliberately, silence its kind with a reason: GRADIENT_MASKING,"
                                + " PROBABILITY_OUTPUTS)"));
    }
}
