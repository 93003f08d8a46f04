package io.robustunit.assertj;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.EvaluationListener;
import io.robustunit.eval.EvaluationProgress;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GIVEN a confidence gate WHEN its bound decides early THEN only the images before that look are attacked. */
class SequentialGateAssertTest {

    static Classifier linear;
    static LabeledImages data;
    static final Attack FGSM = Attacks.fgsm(ThreatModel.linf(0.02));
    static RobustnessReport full;

    final AtomicInteger attacked = new AtomicInteger();
    final RobustnessEvaluator counting = RobustnessEvaluator.builder()
            .listener(new EvaluationListener() {
                @Override
                public void started(EvaluationProgress progress) {
                    attacked.addAndGet(progress.totalSamples());
                }

                @Override
                public void progressed(EvaluationProgress progress) {}
            })
            .build();
    final List<GateOutcome> outcomes = new CopyOnWriteArrayList<>();
    GateListeners.Registration registration;

    @BeforeAll
    static void load() throws Exception {
        linear = Fixtures.model("linear-fashion.pt");
        data = Fixtures.test200();
        full = RobustnessEvaluator.builder().build().evaluate(linear, data, FGSM);
    }

    @AfterAll
    static void close() {
        linear.close();
    }

    @BeforeEach
    void listen() {
        registration = GateListeners.register(outcomes::add);
    }

    @AfterEach
    void stopListening() {
        registration.close();
    }

    @Test
    void aThresholdFarBelowTheAccuracyPassesAfterTheFirstLook() {
        assertThat(linear)
                .on(data)
                .evaluatedBy(counting)
                .withoutModelChecks()
                .withConfidence(0.95)
                .firstLookAfter(25)
                .underAttack(FGSM)
                .hasRobustAccuracyAtLeast(full.robustAccuracy() - 0.4);

        assertThat(attacked).hasValue(25);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(GateStatus.PASS);
            assertThat(o.description()).contains("with 95% confidence, sequential: decided after 25 of 200 images");
            assertThat(o.report())
                    .hasValueSatisfying(r -> assertThat(r.sampleCount()).isEqualTo(25));
        });
    }

    @Test
    void aThresholdFarAboveTheAccuracyFailsEarlyByItsBound() {
        assertThatThrownBy(() -> assertThat(linear)
                        .on(data)
                        .evaluatedBy(counting)
                        .withoutModelChecks()
                        .withConfidence(0.95)
                        .firstLookAfter(25)
                        .underAttack(FGSM)
                        .hasRobustAccuracyAtLeast(Math.min(1, full.robustAccuracy() + 0.45)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting robust accuracy of linear-fashion.pt under FGSM(Linf eps=0.020)")
                .hasMessageContaining("sequential gate (sequential 95% confidence, looks at [25, 50, 100, 200])")
                .hasMessageContaining("decided after 25 of 200 images");
        assertThat(attacked).hasValue(25);
        assertThat(outcomes).singleElement().extracting(GateOutcome::status).isEqualTo(GateStatus.FAIL);
    }

    @Test
    void aThresholdAtTheAccuracyIsUndecidedAndJudgesEveryImage() {
        assertThatThrownBy(() -> assertThat(linear)
                        .on(data)
                        .evaluatedBy(counting)
                        .withoutModelChecks()
                        .withConfidence(0.95)
                        .firstLookAfter(25)
                        .underAttack(FGSM)
                        .hasRobustAccuracyAtLeast(full.robustAccuracy()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("undecided by the bound after 200 of 200 images (look 4 of 4");
        assertThat(attacked).hasValue(200);
    }

    @Test
    void softAssertionsCollectTheGatesReachedThroughTheChainWithTheirDescription() {
        SoftRobustnessAssertions softly = new SoftRobustnessAssertions();
        int weakest = weakestClass(full);

        softly.assertThat(linear)
                .as("nightly")
                .on(data)
                .withoutModelChecks()
                .withConfidence(0.95)
                .firstLookAfter(25)
                .underAttack(FGSM)
                .hasRobustAccuracyAtLeast(Math.min(1, full.robustAccuracy() + 0.45));
        softly.assertThat(full)
                .as("per class")
                .withConfidence(0.95)
                .forClass(weakest)
                .hasRobustAccuracyAtLeast(1.0);

        assertThat(softly.errorsCollected())
                .extracting(Throwable::getMessage)
                .satisfiesExactly(
                        sequential -> assertThat(sequential)
                                .startsWith("[nightly] ")
                                .contains("decided after 25 of 200 images"),
                        perClass -> assertThat(perClass)
                                .startsWith("[per class] ")
                                .contains("with 95% confidence but the lower bound"));
        assertThat(outcomes).extracting(GateOutcome::status).containsExactly(GateStatus.FAIL, GateStatus.FAIL);
    }

    private static int weakestClass(RobustnessReport report) {
        int weakest = 0;
        for (int label = 0; label < report.classNames().size(); label++) {
            var c = report.perClass(label);
            var w = report.perClass(weakest);
            if (c.samples() > 0
                    && (w.samples() == 0 || (long) c.robust() * w.samples() < (long) w.robust() * c.samples())) {
                weakest = label;
            }
        }
        return weakest;
    }

    @Test
    void aGateWithoutAnAttackIsAProgrammingError() {
        assertThatThrownBy(
                        () -> assertThat(linear).on(data).withConfidence(0.95).hasRobustAccuracyAtLeast(0.5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call underAttack(attack) before the gate");
        assertThatThrownBy(() -> assertThat(linear).on(data).withConfidence(1.5))
                .hasMessageContaining("confidence must be in (0, 1)");
    }
}
