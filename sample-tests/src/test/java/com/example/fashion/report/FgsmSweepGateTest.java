package com.example.fashion.report;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.io.FileDigests;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The gate the report pipeline is checked with (see {@link AllureReportIT}): an FGSM sweep of the
 * natural model on the first 100 test images, gated at eps 0.01. Like every gate it publishes its
 * outcome, which robustunit-allure turns into a step with the robustness curve, the adversarial
 * examples and the per-class table.
 */
class FgsmSweepGateTest {

    static final Path MODEL = Path.of("src/test/resources/models/fashion-mnist-natural.pt");
    static final Path IMAGES = Path.of("src/test/resources/fashion-mnist-1000");

    @Test
    void naturalModelKeepsSixtyPercentUnderFgsmAtEps001() throws Exception {
        LabeledImages images =
                FashionMnist.load(IMAGES, FashionMnist.Split.TEST).first(100);
        try (Classifier model = Classifiers.torchScript(MODEL, InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10))) {
            assertThat(model)
                    .on(images)
                    .evaluatedBy(RobustnessEvaluator.builder()
                            .modelSha256(FileDigests.sha256(MODEL))
                            .build())
                    .underEpsilonSweep(Attacks.fgsm(ThreatModel.linf(0.01)), 0.0, 0.01, 0.02, 0.05)
                    .atEpsilon(0.01)
                    .hasRobustAccuracyAtLeast(0.6);
        }
    }
}
