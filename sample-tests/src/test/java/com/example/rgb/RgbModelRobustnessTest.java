package com.example.rgb;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static io.robustunit.attack.Attacks.pgd;
import static io.robustunit.attack.Attacks.square;
import static io.robustunit.attack.Attacks.transfer;
import static io.robustunit.threat.ThreatModel.linf;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.robustunit.attack.Attack;
import io.robustunit.cache.EvaluationCaches;
import io.robustunit.cache.EvaluationKey;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.junit5.EvaluationData;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The RGB model family a PyTorch team ships: a 3x32x32 CNN that normalises its input itself,
 * exported twice from the same weights, as TorchScript ({@code rgb-fashion.pt}, attacked white-box)
 * and as ONNX ({@code rgb-fashion.onnx}, what the JVM service runs; ONNX Runtime gives no
 * gradients). The evaluation images are a PNG class folder (300 images, 30 per class). Epsilon is in
 * pixel space ([0, 1]), whatever the model's normalisation.
 *
 * <p>Measured on the 300 images: PGD-10 0.533 on the TorchScript model and 0.533 transferred to the
 * ONNX export; Square (50 queries) 0.867 on both files (difference 0.000). Made by
 * {@code sample-tests/tools/make_rgb_family.py}; docs/onnx.md explains the family.
 */
@RobustnessTest
class RgbModelRobustnessTest {

    static final double EPS = 4 / 255.0;

    /** PGD-10 at 4/255 on the TorchScript model: measured 0.533 (160/300). */
    static final double PGD_GATE = 0.45;

    /** Square, 50 queries, at 4/255 on the ONNX export: measured 0.867 (260/300), the same on the twin. */
    static final double SQUARE_GATE = 0.75;

    @TrainedModel(
            resource = "models/rgb-fashion.pt",
            inputShape = {3, 32, 32})
    static Classifier twin;

    @TrainedModel(
            resource = "models/rgb-fashion.onnx",
            inputShape = {3, 32, 32})
    static Classifier shipped;

    /** src/test/resources/rgb-fashion-300/<class>/<test index>.png, classes sorted by folder name. */
    @EvaluationData(resource = "rgb-fashion-300")
    static LabeledImages images;

    static Attack pgd10() {
        return pgd(linf(EPS)).steps(10).seed(0);
    }

    static Attack square50() {
        return square(linf(EPS)).queries(50).seed(0);
    }

    @Test
    @DisplayName("PGD-10 at Linf 4/255 on the TorchScript model")
    void torchScriptModelSurvivesPgd() {
        assertThat(twin).on(images).underAttack(pgd10()).hasRobustAccuracyAtLeast(PGD_GATE);
    }

    @Test
    @DisplayName("Square (50 queries) at Linf 4/255 on the ONNX export")
    void onnxExportSurvivesSquare() {
        assertThat(shipped).on(images).underAttack(square50()).hasRobustAccuracyAtLeast(SQUARE_GATE);
    }

    @Test
    @DisplayName("PGD-10 crafted on the TorchScript twin, scored on the ONNX export")
    void onnxExportSurvivesTransferFromItsTwin() {
        assertThat(shipped).on(images).underAttack(transfer(pgd10(), twin)).hasRobustAccuracyAtLeast(PGD_GATE);
    }

    @Test
    @DisplayName("the ONNX export is as robust as its twin: Square within 3 points, transfer = white-box PGD")
    void onnxExportAgreesWithItsTwin() {
        RobustnessReport squareOnnx = report(shipped, square50());
        RobustnessReport squareTwin = report(twin, square50());
        Assertions.assertThat(squareOnnx.cleanAccuracy()).isEqualTo(squareTwin.cleanAccuracy());
        System.out.printf(
                "Square on %s: %.3f, on %s: %.3f (difference %.3f)%n",
                shipped.name(),
                squareOnnx.robustAccuracy(),
                twin.name(),
                squareTwin.robustAccuracy(),
                squareOnnx.robustAccuracy() - squareTwin.robustAccuracy());
        Assertions.assertThat(squareOnnx.robustAccuracy()).isCloseTo(squareTwin.robustAccuracy(), within(0.03));
        RobustnessReport transferred = report(shipped, transfer(pgd10(), twin));
        RobustnessReport whiteBox = report(twin, pgd10());
        System.out.printf(
                "PGD-10 crafted on %s: %.3f on %s, %.3f white-box%n",
                twin.name(), transferred.robustAccuracy(), shipped.name(), whiteBox.robustAccuracy());
        Assertions.assertThat(transferred.robustAccuracy()).isCloseTo(whiteBox.robustAccuracy(), within(0.01));
    }

    @Test
    @DisplayName("a gradient attack on the ONNX export fails at once, naming Square and transfer")
    void gradientAttacksOnTheOnnxExportAreRefused() {
        assertThatThrownBy(() ->
                        assertThat(shipped).on(images).underAttack(pgd10()).hasRobustAccuracyAtLeast(0.5))
                .hasMessageContaining("PGD needs input gradients")
                .hasMessageContaining("rgb-fashion.onnx runs on ONNX Runtime")
                .hasMessageContaining("Square")
                .hasMessageContaining("--transfer-from");
    }

    /** The report a gate of this class computed (or computes): the same cache key, so no rerun. */
    static RobustnessReport report(Classifier model, Attack attack) {
        RobustnessEvaluator evaluator = RobustnessEvaluator.builder().build();
        EvaluationKey<RobustnessReport> key =
                EvaluationKey.attackEvaluation(RobustnessReport.class, model, images, attack, evaluator.settings());
        return EvaluationCaches.current().computeIfAbsent(key, () -> evaluator.evaluate(model, images, attack));
    }
}
