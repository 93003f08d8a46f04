package com.example.fashion.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.io.FileDigests;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A robustness gate written by hand, publishing its outcome itself, so that the report pipeline
 * (gate -> Allure step -> rendered report) runs end to end: an FGSM sweep of the natural model on
 * the first 100 test images, gated at eps 0.01.
 */
class FgsmSweepGateTest {

    static final Path MODEL = Path.of("src/test/resources/models/fashion-mnist-natural.pt");
    static final Path IMAGES = Path.of("src/test/resources/fashion-mnist-1000");
    static final double EPSILON = 0.01;
    static final double THRESHOLD = 0.6;

    @Test
    void naturalModelKeepsSixtyPercentUnderFgsmAtEps001() throws Exception {
        LabeledImages data = FashionMnist.load(IMAGES, FashionMnist.Split.TEST).first(100);
        RobustnessCurve curve;
        try (Classifier model = Classifiers.torchScript(MODEL,
                InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10))) {
            curve = RobustnessEvaluator.builder().modelSha256(FileDigests.sha256(MODEL)).build()
                    .sweep(model, data, Attacks.fgsm(ThreatModel.linf(EPSILON)), 0.0, 0.01, 0.02, 0.05);
        }
        RobustnessReport gated = curve.at(EPSILON);
        boolean passed = gated.robustAccuracy() >= THRESHOLD;
        String description = String.format(Locale.ROOT, "robust accuracy >= %.3f", THRESHOLD);
        GateOutcome outcome = GateOutcome.builder()
                .description(description)
                .metric("robust accuracy")
                .threshold(THRESHOLD)
                .measured(gated.robustCount(), gated.sampleCount())
                .confidenceInterval(gated.robustAccuracyInterval(0.95))
                .status(!gated.isValid() ? GateStatus.INVALID : passed ? GateStatus.PASS : GateStatus.FAIL)
                .message(passed ? null : "expected " + description + " but was " + gated)
                .report(gated)
                .curve(curve)
                .build();

        GateListeners.publish(outcome);

        assertThat(gated.isValid()).as("validity findings: %s", gated.validityFindings()).isTrue();
        assertThat(gated.robustAccuracy()).as(outcome.toString()).isGreaterThanOrEqualTo(THRESHOLD);
    }
}
