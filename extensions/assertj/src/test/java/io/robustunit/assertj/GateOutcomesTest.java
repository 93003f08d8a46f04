package io.robustunit.assertj;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.robustunit.baseline.RobustnessBaseline;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.Comparison;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every gate publishes what it decided, as reports need it: pass, fail and invalid. */
class GateOutcomesTest {

    final RobustnessReport report = Reports.report(1000, 905, 631);
    final List<GateOutcome> published = new CopyOnWriteArrayList<>();
    GateListeners.Registration registration;

    @BeforeEach
    void listen() {
        Thread self = Thread.currentThread();
        registration = GateListeners.register(o -> {
            if (Thread.currentThread() == self) {
                published.add(o);
            }
        });
    }

    @AfterEach
    void stopListening() {
        registration.close();
    }

    @Test
    void aPassedGatePublishesItsMeasurementAndReport() {
        assertThat(report).hasRobustAccuracyAtLeast(0.6);

        GateOutcome outcome = only();
        assertThat(outcome.status()).isEqualTo(GateStatus.PASS);
        assertThat(outcome.description()).isEqualTo("robust accuracy >= 0.600");
        assertThat(outcome.metric()).isEqualTo("robust accuracy");
        assertThat(outcome.comparison()).isEqualTo(Comparison.AT_LEAST);
        assertThat(outcome.threshold()).isEqualTo(0.6);
        assertThat(outcome.measuredText()).isEqualTo("0.631 (631/1000)");
        assertThat(outcome.confidenceInterval()).contains(report.robustAccuracyInterval(0.95));
        assertThat(outcome.report()).containsSame(report);
        assertThat(outcome.message()).isEmpty();
        assertThat(outcome.testName()).contains("GateOutcomesTest.aPassedGatePublishesItsMeasurementAndReport");
    }

    @Test
    void aFailedGatePublishesTheMessageItThrows() {
        Throwable thrown = catchThrowable(() -> assertThat(report).hasRobustAccuracyAtLeast(0.7));

        assertThat(thrown).isInstanceOf(AssertionError.class);
        GateOutcome outcome = only();
        assertThat(outcome.status()).isEqualTo(GateStatus.FAIL);
        assertThat(outcome.message()).contains(thrown.getMessage());
        assertThat(outcome.measuredText()).isEqualTo("0.631 (631/1000)");
    }

    @Test
    void anInvalidEvaluationPublishesAnInvalidGateWithoutMeasurement() {
        Throwable thrown = catchThrowable(
                () -> assertThat(Reports.outsideBall(1000, 905, 631)).hasRobustAccuracyAtLeast(0.5));

        assertThat(thrown).isInstanceOf(InvalidEvaluationError.class);
        GateOutcome outcome = only();
        assertThat(outcome.status()).isEqualTo(GateStatus.INVALID);
        assertThat(outcome.description()).isEqualTo("robust accuracy >= 0.500");
        assertThat(outcome.message()).contains(thrown.getMessage());
        assertThat(outcome.measured()).isEmpty();
    }

    @Test
    void descriptionsNameTheMetricItsScopeComparisonAndConfidence() {
        assertThatThrownBy(() -> assertThat(report).forClass("Coat").hasRobustAccuracyAtLeast(0.9))
                .isInstanceOf(AssertionError.class);
        assertThat(report).withConfidence(0.95).hasRobustAccuracyAtLeast(0.6);
        assertThat(report)
                .hasAccuracyDropAtMost(0.3)
                .hasAttackSuccessRateAtMost(0.31)
                .hasCleanAccuracyAtLeast(0.9);

        assertThat(published)
                .extracting(GateOutcome::description)
                .containsExactly(
                        "robust accuracy of class 'Coat' >= 0.900",
                        "robust accuracy >= 0.600 with 95% confidence",
                        "accuracy drop <= 0.300",
                        "attack success rate <= 0.310",
                        "clean accuracy >= 0.900");
        assertThat(published)
                .extracting(GateOutcome::comparison)
                .containsExactly(
                        Comparison.AT_LEAST,
                        Comparison.AT_LEAST,
                        Comparison.AT_MOST,
                        Comparison.AT_MOST,
                        Comparison.AT_LEAST);
        assertThat(published.get(0).proportion())
                .hasValueSatisfying(p -> assertThat(p.total()).isEqualTo(100));
        assertThat(published.get(3).measuredText()).isEqualTo("0.303 (274/905)");
    }

    @Test
    void anUndefinedAttackSuccessRateFailsWithoutMeasurement() {
        assertThatThrownBy(() -> assertThat(Reports.report(10, 0, 0)).hasAttackSuccessRateAtMost(0.5))
                .isInstanceOf(AssertionError.class);

        assertThat(only().status()).isEqualTo(GateStatus.FAIL);
        assertThat(only().measured()).isEmpty();
    }

    @Test
    void aGateOnOneRadiusOfASweepCarriesTheCurve() {
        RobustnessCurve curve = RobustnessCurve.of(List.of(
                Reports.builder(1000, 905, 800)
                        .attack("PGD", Reports.PGD.replace("0.100", "0.050"), ThreatModel.linf(0.05), 7)
                        .build(),
                report));

        assertThat(curve).atEpsilon(0.1).hasRobustAccuracyAtLeast(0.6);

        assertThat(only().curve()).contains(curve);
        assertThat(only().report()).containsSame(report);
    }

    @Test
    void softGatesPublishEveryFailure() {
        SoftRobustnessAssertions softly = new SoftRobustnessAssertions();

        softly.assertThat(report)
                .hasRobustAccuracyAtLeast(0.7)
                .hasCleanAccuracyAtLeast(0.95)
                .hasAccuracyDropAtMost(0.3);

        assertThat(published)
                .extracting(GateOutcome::status)
                .containsExactly(GateStatus.FAIL, GateStatus.FAIL, GateStatus.PASS);
        assertThat(softly.errorsCollected()).hasSize(2);
    }

    @Test
    void aBaselineGatePublishesItsComparison(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pgd.json");
        RobustnessBaseline.of("pgd", Reports.report(1000, 905, 650)).write(file);

        assertThat(report).isNotWorseThanBaseline(file, 0.02);
        assertThatThrownBy(() -> assertThat(report).isNotWorseThanBaseline(file, 0.01))
                .isInstanceOf(AssertionError.class);

        assertThat(published).extracting(GateOutcome::status).containsExactly(GateStatus.PASS, GateStatus.FAIL);
        assertThat(published.get(0).description()).isEqualTo("robust accuracy >= baseline 'pgd' 0.650 - 0.020");
        assertThat(published.get(0).threshold()).isCloseTo(0.63, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aThrowingListenerChangesNoGatesResult() {
        try (GateListeners.Registration broken = GateListeners.register(o -> {
            throw new IllegalStateException("report server down");
        })) {
            assertThat(report).hasRobustAccuracyAtLeast(0.6);
            assertThatThrownBy(() -> assertThat(report).hasRobustAccuracyAtLeast(0.7))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("to be at least 0.700 but was 0.631");
        }
    }

    private GateOutcome only() {
        assertThat(published).hasSize(1);
        return published.get(0);
    }
}
