package io.robustunit.gate;

import static io.robustunit.gate.GateFixtures.PGD;
import static io.robustunit.gate.GateFixtures.SHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import org.junit.jupiter.api.Test;

class GateOutcomeTest {

    @Test
    void modelAndAttackComeFromTheReportUnlessGiven() {
        GateOutcome outcome = GateFixtures.failed();

        assertThat(outcome.modelName()).contains("fashion.pt");
        assertThat(outcome.modelSha256()).contains(SHA);
        assertThat(outcome.attackDescription()).contains(PGD);
        assertThat(outcome.proportion()).hasValueSatisfying(p -> {
            assertThat(p.count()).isEqualTo(631);
            assertThat(p.total()).isEqualTo(1000);
        });
        assertThat(outcome.measured()).hasValue(0.631);

        GateOutcome renamed = GateFixtures.robustAccuracy(GateFixtures.report(0.1, 631, 1000), 0.7)
                .status(GateStatus.FAIL)
                .modelName("candidate-7")
                .attackDescription("PGD-100")
                .build();
        assertThat(renamed.modelName()).contains("candidate-7");
        assertThat(renamed.attackDescription()).contains("PGD-100");
    }

    @Test
    void aSweepIsDescribedByItsAttackAndRadii() {
        RobustnessCurve curve = GateFixtures.curve();

        GateOutcome outcome = GateOutcome.builder()
                .description("robust accuracy >= 0.5 up to eps 0.1")
                .metric("robust accuracy")
                .threshold(0.5)
                .measured(0.7)
                .status(GateStatus.PASS)
                .curve(curve)
                .build();

        assertThat(outcome.attackDescription()).contains("PGD Linf sweep, eps 0.000, 0.100, 0.200");
        assertThat(outcome.modelName()).contains("fashion.pt");
        assertThat(outcome.curve()).contains(curve);
        assertThat(outcome.report()).isEmpty();
    }

    @Test
    void measuredAndThresholdReadAsInACiLog() {
        GateOutcome outcome = GateFixtures.failed();

        assertThat(outcome.measuredText()).isEqualTo("0.631 (631/1000)");
        assertThat(outcome.thresholdText()).isEqualTo(">= 0.700");
        assertThat(outcome)
                .hasToString("FAIL robust accuracy >= 0.700: measured 0.631 (631/1000), "
                        + outcome.confidenceInterval().orElseThrow() + "; " + PGD + " on fashion.pt");
        GateOutcome atMost = GateOutcome.builder()
                .description("attack success rate <= 0.2")
                .metric("attack success rate")
                .comparison(Comparison.AT_MOST)
                .threshold(0.2)
                .measured(0.25)
                .status(GateStatus.FAIL)
                .build();
        assertThat(atMost.thresholdText()).isEqualTo("<= 0.200");
        assertThat(atMost.measuredText()).isEqualTo("0.250");
    }

    @Test
    void onlyAPassedGateMustHaveAMeasuredValue() {
        GateOutcome.Builder unmeasured = GateOutcome.builder()
                .description("robust accuracy >= 0.7")
                .metric("robust accuracy")
                .threshold(0.7);

        assertThatThrownBy(() -> unmeasured.status(GateStatus.PASS).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a PASS gate needs a measured value; a FAIL or INVALID gate may have none"
                        + " (an undefined rate)");
        assertThat(unmeasured.status(GateStatus.FAIL).build().measured()).isEmpty();
        GateOutcome invalid = unmeasured
                .status(GateStatus.INVALID)
                .message("the attack left the threat model")
                .modelName("m.pt")
                .build();
        assertThat(invalid.measured()).isEmpty();
        assertThat(invalid.measuredText()).isEqualTo("n/a");
        assertThat(invalid.message()).contains("the attack left the threat model");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> GateOutcome.builder()
                        .metric("m")
                        .threshold(1)
                        .measured(1)
                        .status(GateStatus.PASS)
                        .build())
                .hasMessage("description must be set and not blank");
        assertThatThrownBy(() -> GateOutcome.builder()
                        .description("d")
                        .threshold(1)
                        .measured(1)
                        .status(GateStatus.PASS)
                        .build())
                .hasMessage("metric must be set and not blank");
        assertThatThrownBy(() -> GateOutcome.builder()
                        .description("d")
                        .metric("m")
                        .measured(1)
                        .status(GateStatus.PASS)
                        .build())
                .hasMessage("threshold must be set to a finite number, was NaN");
        assertThatThrownBy(() -> GateOutcome.builder()
                        .description("d")
                        .metric("m")
                        .threshold(1)
                        .measured(1)
                        .build())
                .hasMessage("status must be set (PASS, FAIL or INVALID)");
        assertThatThrownBy(() -> GateOutcome.builder().modelSha256("abc"))
                .hasMessage("modelSha256 must be 64 hex digits, was 'abc'");
        assertThatThrownBy(() -> GateOutcome.builder().measured(5, 4)).hasMessage("count must be in [0, 4], was 5");
        assertThatThrownBy(() -> GateOutcome.builder().measured(Double.POSITIVE_INFINITY))
                .hasMessage("measured value must be finite, was Infinity");
    }

    @Test
    void theJsonCarriesTheGateAndItsReadableReport() {
        GateOutcome outcome = GateFixtures.failed().withTestName("FashionGates.pgd");

        JsonObject json = JsonParser.parseString(outcome.toJson()).getAsJsonObject();

        assertThat(json.get("format").getAsString()).isEqualTo("robustunit.gate-outcome");
        assertThat(json.get("status").getAsString()).isEqualTo("FAIL");
        assertThat(json.get("description").getAsString()).isEqualTo("robust accuracy >= 0.700");
        assertThat(json.get("comparison").getAsString()).isEqualTo(">=");
        assertThat(json.get("threshold").getAsDouble()).isEqualTo(0.7);
        assertThat(json.get("measured").getAsDouble()).isEqualTo(0.631);
        assertThat(json.get("count").getAsInt()).isEqualTo(631);
        assertThat(json.get("total").getAsInt()).isEqualTo(1000);
        assertThat(json.getAsJsonObject("confidenceInterval").get("confidence").getAsDouble())
                .isEqualTo(0.95);
        assertThat(json.get("test").getAsString()).isEqualTo("FashionGates.pgd");
        assertThat(json.getAsJsonObject("model").get("sha256").getAsString()).isEqualTo(SHA);
        assertThat(json.get("attack").getAsString()).isEqualTo(PGD);
        RobustnessReport embedded = RobustnessReport.fromJson(json.get("report").toString());
        assertThat(embedded).isEqualTo(outcome.report().orElseThrow());
        assertThat(json.has("curve")).isFalse();
    }

    @Test
    void aSweepsJsonEmbedsTheReadableCurve() {
        GateOutcome outcome = GateOutcome.builder()
                .description("d")
                .metric("m")
                .threshold(0.5)
                .measured(0.7)
                .status(GateStatus.PASS)
                .curve(GateFixtures.curve())
                .build();

        JsonObject json = JsonParser.parseString(outcome.toJson()).getAsJsonObject();

        assertThat(RobustnessCurve.fromJson(json.get("curve").toString())).isEqualTo(GateFixtures.curve());
        assertThat(json.get("message").isJsonNull()).isTrue();
        assertThat(json.has("count")).isFalse();
    }
}
