package io.robustunit.assertj;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static io.robustunit.attack.Attacks.pgd;
import static io.robustunit.threat.ThreatModel.linf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.model.Classifier;
import io.robustunit.validity.Finding;
import io.robustunit.validity.Finding.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default gate, {@code underAttack(pgd(...)).hasRobustAccuracyAtLeast(t)} with nothing else
 * configured, on the models of {@code models/obfuscated/} (made by
 * {@code framework/src/test/python/make_obfuscated_fixtures.py}): each hides the weakness of one
 * small CNN from gradient attacks in its own way. None may pass, and the finding names the
 * mechanism. The honest CNN itself passes the same gate. Small budgets: 48 images, PGD-10.
 */
class ObfuscatedGradientsTest {

    static LabeledImages data;

    @BeforeAll
    static void loadData() throws Exception {
        data = Fixtures.test200().first(48);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "shattered-quantized.pt, SHATTERED_GRADIENTS",
        "shattered-jpeg.pt, SHATTERED_GRADIENTS",
        "shattered-random-gradient.pt, SHATTERED_GRADIENTS",
        "shattered-high-frequency.pt, SHATTERED_GRADIENTS",
        "shattered-thermometer.pt, SHATTERED_GRADIENTS",
        "vanishing-logit-scale.pt, VANISHING_GRADIENTS",
        "vanishing-saturated-log-softmax.pt, SHATTERED_GRADIENTS",
        "exploding-nan-gradient.pt, EXPLODING_GRADIENTS",
        "stochastic-noise.pt, NONDETERMINISTIC_LOGITS",
        "stochastic-dropout.pt, NONDETERMINISTIC_LOGITS",
        "softmax-output.pt, PROBABILITY_OUTPUTS",
        "stateful-changes-during-eval.pt, MODEL_CHANGED_DURING_EVALUATION",
    })
    void theDefaultGateNeverPassesAnObfuscatedModel(String fixture, Kind mechanism) throws Exception {
        List<GateOutcome> published = new ArrayList<>();
        try (Classifier model = Fixtures.model("obfuscated/" + fixture);
                GateListeners.Registration ignored = GateListeners.register(published::add)) {
            InvalidEvaluationError invalid = catchThrowableOfType(
                    InvalidEvaluationError.class,
                    () -> assertThat(model)
                            .on(data)
                            .underAttack(pgd(linf(0.1)).steps(10))
                            .hasRobustAccuracyAtLeast(0.05));

            assertThat(invalid).as("the gate on %s must be invalid", fixture).isNotNull();
            assertThat(invalid.findings().findings()).extracting(Finding::kind).contains(mechanism);
            assertThat(invalid.getMessage()).contains(mechanism.summary()).contains(mechanism.name());
            assertThat(published)
                    .singleElement()
                    .extracting(GateOutcome::status)
                    .isEqualTo(GateStatus.INVALID);
        }
    }

    @Test
    void theHonestCnnPassesTheSameGate() throws Exception {
        try (Classifier model = Fixtures.model("obfuscated/honest-cnn.pt")) {
            assertThat(model).on(data).underAttack(pgd(linf(0.1)).steps(10)).hasRobustAccuracyAtLeast(0.0);
            assertThat(model).on(data).underAttack(pgd(linf(0.02)).steps(10)).hasRobustAccuracyAtLeast(0.3);
        }
    }

    /** Input quantisation: PGD's number alone (robust accuracy above 0.5) would pass; Square breaks it. */
    @Test
    void theProbeCatchesWhatTheGradientChecksWereToldToIgnore() throws Exception {
        try (Classifier model = Fixtures.model("obfuscated/shattered-random-gradient.pt")) {
            RobustnessReport pgdOnly = RobustnessEvaluator.builder()
                    .build()
                    .evaluate(model, data, pgd(linf(0.1)).steps(10));
            assertThat(pgdOnly.robustAccuracy())
                    .as("what a gate without checks would judge")
                    .isGreaterThan(0.5);

            InvalidEvaluationError invalid = catchThrowableOfType(
                    InvalidEvaluationError.class,
                    () -> assertThat(model)
                            .on(data)
                            .withoutModelChecks()
                            .silencing(Kind.SHATTERED_GRADIENTS, "fixture: leave it to the probe")
                            .underAttack(pgd(linf(0.1)).steps(10))
                            .hasRobustAccuracyAtLeast(0.5));

            assertThat(invalid).isNotNull();
            assertThat(invalid.findings().findings())
                    .extracting(Finding::kind)
                    .containsExactly(Kind.BLACK_BOX_BEATS_WHITE_BOX);
            assertThat(invalid.getMessage()).contains("Square (200 queries, black-box) broke");
        }
    }

    @Test
    void aSilencedFindingLetsTheGateDecideAndItsReasonIsRecorded() throws Exception {
        List<GateOutcome> published = new ArrayList<>();
        try (Classifier model = Fixtures.model("obfuscated/vanishing-logit-scale.pt");
                GateListeners.Registration ignored = GateListeners.register(published::add)) {
            assertThat(model)
                    .on(data)
                    .silencing(Kind.VANISHING_GRADIENTS, "known saturated head; a DLR gate covers it")
                    .silencing(Kind.EXPLODING_GRADIENTS, "known saturated head; a DLR gate covers it")
                    .silencing(Kind.BLACK_BOX_BEATS_WHITE_BOX, "known saturated head; a DLR gate covers it")
                    .underAttack(pgd(linf(0.1)).steps(10))
                    .hasRobustAccuracyAtLeast(0.05);

            assertThat(published).singleElement().satisfies(o -> {
                assertThat(o.status()).isEqualTo(GateStatus.PASS);
                assertThat(o.message())
                        .hasValueSatisfying(m -> assertThat(m)
                                .contains("validity check silenced: cross-entropy gradients vanish")
                                .contains("reason: known saturated head; a DLR gate covers it"));
            });
        }
    }

    @Test
    void aRandomModelIsEvaluatedWithEotAndRepeatedPredictions() throws Exception {
        try (Classifier model = Fixtures.model("obfuscated/stochastic-noise.pt")) {
            RobustnessReport report = assertThat(model)
                    .on(data)
                    .withExpectationOverTransformation(4)
                    .underAttack(pgd(linf(0.1)).steps(10))
                    .isValid()
                    .actual();

            assertThat(report.robustAccuracy())
                    .as("the noise does not protect against EOT-PGD")
                    .isLessThan(0.3);
            assertThat(report.cleanAccuracy())
                    .as("counted over 4 repeated predictions")
                    .isGreaterThan(0.5);
        }
    }
}
