package io.robustunit.validity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.validity.Finding.Kind;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelChecksTest {

    static final InputContract FASHION = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    static final Path RESOURCES = Path.of("src/test/resources");

    static LabeledImages data;

    @BeforeAll
    static void loadData() throws Exception {
        data = FashionMnist.load(RESOURCES.resolve("fashion-mnist-200"), FashionMnist.Split.TEST);
    }

    static ValidityReport check(String fixture) throws Exception {
        try (Classifier model =
                Classifiers.torchScript(RESOURCES.resolve("models").resolve(fixture), FASHION)) {
            return ModelChecks.defaults().check(model, data);
        }
    }

    @Test
    void anHonestLinearModelHasNoFindings() throws Exception {
        assertThat(check("linear-fashion.pt").findings()).isEmpty();
    }

    @Test
    void softmaxOutputsAreReportedAsProbabilitiesNotLogits() throws Exception {
        ValidityReport report = check("softmax-output.pt");

        assertThat(report.findings()).extracting(Finding::kind).contains(Kind.PROBABILITY_OUTPUTS);
        assertThat(report.findings())
                .filteredOn(f -> f.kind() == Kind.PROBABILITY_OUTPUTS)
                .singleElement()
                .extracting(Finding::message)
                .asString()
                .startsWith("Model softmax-output.pt on the first 64 Fashion-MNIST test images:")
                .contains("returns probabilities, not logits");
    }

    @Test
    void dropoutLeftOnInEvalModeIsReportedAsNondeterministicLogits() throws Exception {
        ValidityReport report = check("stochastic-eval.pt");

        assertThat(report.findings()).extracting(Finding::kind).containsExactly(Kind.NONDETERMINISTIC_LOGITS);
    }

    @Test
    void inputQuantisationIsReportedAsGradientMaskingOnEverySample() throws Exception {
        ValidityReport report = check("quantized-input.pt");

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.GRADIENT_MASKING);
            assertThat(f.message()).contains("is zero on 64 of 64 samples");
        });
    }

    @Test
    void sampleSizeBoundsTheWork() throws Exception {
        try (Classifier model = Classifiers.torchScript(RESOURCES.resolve("models/quantized-input.pt"), FASHION)) {
            ValidityReport report = ModelChecks.defaults().withSampleSize(10).check(model, data);

            assertThat(report.findings())
                    .singleElement()
                    .extracting(Finding::message)
                    .asString()
                    .contains("first 10 Fashion-MNIST test images")
                    .contains("zero on 10 of 10 samples");
        }
    }
}
