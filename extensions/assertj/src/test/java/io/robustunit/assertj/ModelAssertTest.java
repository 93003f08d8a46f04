package io.robustunit.assertj;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.robustunit.attack.Attacks;
import io.robustunit.cache.EvaluationCache;
import io.robustunit.cache.EvaluationCaches;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.EvaluationListener;
import io.robustunit.eval.EvaluationProgress;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import io.robustunit.validity.Finding;
import io.robustunit.validity.Finding.Kind;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelAssertTest {

    static Classifier linear;
    static LabeledImages data;

    @BeforeAll
    static void load() throws Exception {
        linear = Fixtures.model("linear-fashion.pt");
        data = Fixtures.test200().first(100);
    }

    @AfterAll
    static void close() {
        linear.close();
    }

    @Test
    void aGateReadsTheEvaluationOfTheModelOnTheDataUnderTheAttack() {
        RobustnessReport direct =
                RobustnessEvaluator.builder().build().evaluate(linear, data, Attacks.fgsm(ThreatModel.linf(0.02)));

        assertThat(linear)
                .on(data)
                .underAttack(Attacks.fgsm(ThreatModel.linf(0.02)))
                .hasCleanAccuracyAtLeast(direct.cleanAccuracy())
                .hasRobustAccuracyAtLeast(direct.robustAccuracy());

        assertThat(direct.cleanAccuracy()).isGreaterThan(0.7);
        assertThat(direct.robustAccuracy()).isLessThan(direct.cleanAccuracy());
    }

    @Test
    void aFailingGateSaysWhatWasMeasured() {
        RobustnessReport direct =
                RobustnessEvaluator.builder().build().evaluate(linear, data, Attacks.fgsm(ThreatModel.linf(0.1)));

        assertThatThrownBy(() -> assertThat(linear)
                        .on(data)
                        .underAttack(Attacks.fgsm(ThreatModel.linf(0.1)))
                        .hasRobustAccuracyAtLeast(0.9))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting robust accuracy of linear-fashion.pt under FGSM(Linf eps=0.100)"
                        + " on 100 Fashion-MNIST test images to be at least 0.900 but was ")
                .hasMessageContaining("(" + direct.robustCount() + "/100; 95% CI ");
    }

    @Test
    void theSameModelDataAndAttackAreEvaluatedOnceUnderACache() {
        AtomicInteger evaluations = new AtomicInteger();
        RobustnessEvaluator counting = RobustnessEvaluator.builder()
                .listener(new EvaluationListener() {
                    @Override
                    public void started(EvaluationProgress progress) {
                        evaluations.incrementAndGet();
                    }

                    @Override
                    public void progressed(EvaluationProgress progress) {}
                })
                .build();

        try (EvaluationCaches.Binding binding = EvaluationCaches.bind(EvaluationCache.inMemory())) {
            assertThat(linear)
                    .on(data)
                    .evaluatedBy(counting)
                    .underAttack(Attacks.fgsm(ThreatModel.linf(0.05)))
                    .hasCleanAccuracyAtLeast(0.5);
            assertThat(linear)
                    .on(data)
                    .evaluatedBy(counting)
                    .underAttack(Attacks.fgsm(ThreatModel.linf(0.05)))
                    .hasAccuracyDropAtMost(1.0);
            assertThat(linear)
                    .on(data)
                    .evaluatedBy(counting)
                    .underAttack(Attacks.fgsm(ThreatModel.linf(0.06)))
                    .hasAccuracyDropAtMost(1.0);
        }

        assertThat(evaluations).hasValue(2);
    }

    @Test
    void probabilityOutputsMakeTheEvaluationInvalid() throws Exception {
        try (Classifier softmax = Fixtures.model("softmax-output.pt")) {
            InvalidEvaluationError invalid = catchThrowableOfType(
                    InvalidEvaluationError.class,
                    () -> assertThat(softmax)
                            .on(data)
                            .underAttack(Attacks.fgsm(ThreatModel.linf(0.1)))
                            .hasRobustAccuracyAtLeast(0.0));

            assertThat(invalid).isNotInstanceOf(AssertionError.class);
            assertThat(invalid.findings().has(Kind.PROBABILITY_OUTPUTS)).isTrue();
            assertThat(invalid)
                    .hasMessageStartingWith("Invalid robustness evaluation (neither pass nor fail) of"
                            + " softmax-output.pt under FGSM(Linf eps=0.100) on 100 Fashion-MNIST test images: the"
                            + " gate \"robust accuracy at least 0.000\" was not decided")
                    .hasMessageContaining("- outputs are probabilities, not logits: Model softmax-output.pt on the"
                            + " first 64 Fashion-MNIST test images");
        }
    }

    @Test
    void logitsThatChangeBetweenIdenticalCallsMakeTheEvaluationInvalid() throws Exception {
        try (Classifier stochastic = Fixtures.model("stochastic-eval.pt")) {
            InvalidEvaluationError invalid = catchThrowableOfType(
                    InvalidEvaluationError.class,
                    () -> assertThat(stochastic)
                            .on(data)
                            .underAttack(Attacks.fgsm(ThreatModel.linf(0.1)))
                            .hasCleanAccuracyAtLeast(0.0));

            assertThat(invalid.findings().findings()).extracting(Finding::kind).contains(Kind.NONDETERMINISTIC_LOGITS);
        }
    }

    @Test
    void zeroInputGradientsMakeTheEvaluationInvalid() throws Exception {
        try (Classifier quantized = Fixtures.model("quantized-input.pt")) {
            InvalidEvaluationError invalid = catchThrowableOfType(
                    InvalidEvaluationError.class,
                    () -> assertThat(quantized)
                            .on(data)
                            .underAttack(Attacks.fgsm(ThreatModel.linf(0.1)))
                            .hasRobustAccuracyAtLeast(0.5));

            assertThat(invalid.findings().findings()).extracting(Finding::kind).contains(Kind.GRADIENT_MASKING);
            assertThat(invalid)
                    .hasMessageContaining("the input gradient of the logit margin is zero on 64 of 64 samples");
        }
    }

    @Test
    void aBlackBoxAttackClearlyBeatingTheWhiteBoxOneMakesTheEvaluationInvalid() throws Exception {
        try (Classifier quantized = Fixtures.model("quantized-input.pt")) {
            InvalidEvaluationError invalid = catchThrowableOfType(
                    InvalidEvaluationError.class,
                    () -> assertThat(quantized)
                            .on(data)
                            .withoutModelChecks()
                            .crossCheckedWith(
                                    Attacks.square(ThreatModel.linf(0.2)).queries(100))
                            .underAttack(Attacks.fgsm(ThreatModel.linf(0.2)))
                            .hasRobustAccuracyAtLeast(0.0));

            assertThat(invalid.findings().findings())
                    .extracting(Finding::kind)
                    .contains(Kind.BLACK_BOX_BEATS_WHITE_BOX);
            assertThat(invalid)
                    .hasMessageContaining("Square beats the white-box FGSM on 100 Fashion-MNIST"
                            + " test images of quantized-input.pt");
        }
    }

    @Test
    void aPgdWeakerThanFgsmMakesTheEvaluationInvalid() {
        InvalidEvaluationError invalid = catchThrowableOfType(
                InvalidEvaluationError.class,
                () -> assertThat(linear)
                        .on(data)
                        .crossCheckedWith(Attacks.fgsm(ThreatModel.linf(0.05)))
                        .underAttack(
                                Attacks.pgd(ThreatModel.linf(0.05)).steps(1).stepSize(0.0005))
                        .hasRobustAccuracyAtLeast(0.0));

        assertThat(invalid.findings().findings()).extracting(Finding::kind).contains(Kind.WEAKER_THAN_SIMPLER_ATTACK);
        assertThat(invalid)
                .hasMessageContaining(
                        "FGSM beats the white-box PGD on 100 Fashion-MNIST test images of" + " linear-fashion.pt");
    }

    @Test
    void aReferenceThatDoesNotBeatTheAttackLeavesTheGateToDecide() {
        assertThat(linear)
                .on(data)
                .crossCheckedWith(Attacks.pgd(ThreatModel.linf(0.05)).steps(1).stepSize(0.0005))
                .underAttack(Attacks.fgsm(ThreatModel.linf(0.05)))
                .isValid()
                .hasRobustAccuracyAtLeast(0.0);
    }

    @Test
    void perturbationsOutsideTheBallMakeTheEvaluationInvalid() {
        InvalidEvaluationError invalid = catchThrowableOfType(
                InvalidEvaluationError.class,
                () -> assertThat(linear)
                        .on(data)
                        .underAttack(TestAttacks.outOfBall(ThreatModel.linf(0.05)))
                        .hasRobustAccuracyAtLeast(0.0));

        assertThat(invalid.findings().findings())
                .extracting(Finding::kind)
                .containsExactly(Kind.PERTURBATION_OUT_OF_BOUNDS);
        assertThat(invalid)
                .hasMessageContaining("Sloppy(Linf eps=0.050, step 2 eps, seed 0) produced adversarial"
                        + " examples outside Linf eps=0.050");
    }

    @Test
    void robustAccuracyRisingWithEpsilonMakesTheSweepInvalid() {
        RobustnessCurveAssert sweep = assertThat(linear)
                .on(data)
                .underEpsilonSweep(TestAttacks.fadingFgsm(ThreatModel.linf(0.05)), 0.03, 0.05, 0.1);

        InvalidEvaluationError invalid = catchThrowableOfType(InvalidEvaluationError.class, sweep::isValid);
        assertThat(invalid.findings().findings()).extracting(Finding::kind).containsExactly(Kind.NON_MONOTONE_SWEEP);
        assertThat(invalid)
                .hasMessageContaining(
                        "robust accuracy of linear-fashion.pt on Fashion-MNIST test images" + " rises with epsilon");
        assertThatThrownBy(() -> sweep.atEpsilon(0.03).hasRobustAccuracyAtLeast(0.0))
                .isInstanceOf(InvalidEvaluationError.class);
    }

    @Test
    void aLargeEpsilonThatDoesNotBreakTheModelMakesTheEvaluationInvalid() throws Exception {
        try (Classifier quantized = Fixtures.model("quantized-input.pt")) {
            InvalidEvaluationError invalid = catchThrowableOfType(
                    InvalidEvaluationError.class,
                    () -> assertThat(quantized)
                            .on(data)
                            .withoutModelChecks()
                            .underAttack(Attacks.fgsm(ThreatModel.linf(0.5)))
                            .hasRobustAccuracyAtLeast(0.0));

            assertThat(invalid.findings().findings())
                    .extracting(Finding::kind)
                    .contains(Kind.LARGE_EPSILON_NOT_SATURATING);
        }
    }

    @Test
    void anHonestSweepIsValidAndItsPointsAreGated() {
        assertThat(linear)
                .on(data)
                .underEpsilonSweep(Attacks.fgsm(ThreatModel.linf(0.01)), 0.0, 0.01, 0.5)
                .isValid()
                .atEpsilon(0.0)
                .hasAccuracyDropAtMost(0.0);
    }

    @Test
    void gatingWithoutDataIsAProgrammingError() {
        assertThatThrownBy(() -> assertThat(linear).underAttack(Attacks.fgsm(ThreatModel.linf(0.1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call on(images) before underAttack(...)");
    }

    @Test
    void aCleanAccuracyGateNeedsNoAttack() {
        RobustnessReport direct =
                RobustnessEvaluator.builder().build().evaluate(linear, data, Attacks.fgsm(ThreatModel.linf(0.02)));

        assertThat(linear)
                .on(data)
                .hasCleanAccuracyAtLeast(direct.cleanAccuracy())
                .hasRobustAccuracyAtLeast(direct.cleanAccuracy());
        assertThatThrownBy(() -> assertThat(linear).on(data).hasCleanAccuracyAtLeast(0.99))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting clean accuracy of linear-fashion.pt on 100 Fashion-MNIST test"
                        + " images to be at least 0.990 but was "
                        + String.format(java.util.Locale.ROOT, "%.3f", direct.cleanAccuracy()));
    }

    @Test
    void aSweepRefusesAnAttackBuiltForAnEpsilonItDoesNotVisit() {
        assertThatThrownBy(() ->
                        assertThat(linear).on(data).underEpsilonSweep(Attacks.fgsm(ThreatModel.linf(0.3)), 0.01, 0.02))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not include the epsilon 0.3000 of FGSM(Linf eps=0.300)");
    }

    @Test
    void reportsNameTheModelFileTheyMeasured() throws Exception {
        RobustnessReport report =
                RobustnessEvaluator.builder().build().evaluate(linear, data, Attacks.none(ThreatModel.linf(0.1)));

        assertThat(report.modelSha256()).isEqualTo(linear.sha256()).isPresent();
        assertThat(report.robustCount()).isEqualTo(report.cleanCorrectCount());
    }

    @Test
    void aSweepOfAnAttackWithoutEpsilonBuildsItAtEveryRadius() {
        RobustnessCurveAssert sweep = assertThat(linear)
                .on(data)
                .underEpsilonSweep(Attacks::fgsm, io.robustunit.threat.Norm.LINF, 0.0, 0.01, 0.5);

        sweep.isValid().atEpsilon(0.0).hasAccuracyDropAtMost(0.0);
        assertThatThrownBy(() -> sweep.atEpsilon(0.5).hasRobustAccuracyAtLeast(0.2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("FGSM(Linf eps=0.500)");
    }
}
