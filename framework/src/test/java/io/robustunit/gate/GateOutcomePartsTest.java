package io.robustunit.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.eval.Proportion;
import io.robustunit.eval.RobustnessReport;
import org.junit.jupiter.api.Test;

/** GIVEN an outcome built from its four parts THEN every other accessor is derived from them. */
class GateOutcomePartsTest {

    @Test
    void aRequirementDescribesItselfUnlessToldOtherwise() {
        Requirement atLeast = Requirement.of("robust accuracy", Comparison.AT_LEAST, 0.7);
        Requirement atMost = Requirement.of("attack success rate", Comparison.AT_MOST, 0.2);

        assertThat(atLeast.description()).isEqualTo("robust accuracy >= 0.700");
        assertThat(atLeast.isMetBy(0.7)).isTrue();
        assertThat(atLeast.isMetBy(0.699)).isFalse();
        assertThat(atMost.thresholdText()).isEqualTo("<= 0.200");
        assertThat(atMost.isMetBy(0.25)).isFalse();
        assertThatThrownBy(() -> Requirement.of(" ", Comparison.AT_LEAST, 0.5))
                .hasMessage("metric must be set and not blank");
    }

    @Test
    void aMeasurementIsAProportionWithItsIntervalOrAPlainValue() {
        Proportion robust = new Proportion(631, 1000);

        Measurement measured = Measurement.of(robust, 0.95);

        assertThat(measured.value()).isEqualTo(0.631);
        assertThat(measured.proportion()).contains(robust);
        assertThat(measured.interval()).contains(robust.interval(0.95));
        assertThat(measured).hasToString("0.631 (631/1000)").isEqualTo(Measurement.of(robust, 0.95));
        assertThat(Measurement.of(0.25)).hasToString("0.250");
        assertThat(Measurement.of(0.25).proportion()).isEmpty();
        assertThatThrownBy(() -> Measurement.of(Double.NaN)).hasMessage("measured value must be finite, was NaN");
    }

    @Test
    void everyOtherAccessorDerivesFromRequirementMeasurementStatusAndSource() {
        RobustnessReport report = GateFixtures.report(0.1, 631, 1000);
        Requirement requirement = Requirement.of("robust accuracy", Comparison.AT_LEAST, 0.7);
        Measurement measured = Measurement.of(new Proportion(631, 1000), 0.95);

        GateOutcome outcome = GateOutcome.builder()
                .requirement(requirement)
                .measurement(measured)
                .status(GateStatus.FAIL)
                .report(report)
                .build();

        assertThat(outcome.requirement()).isEqualTo(requirement);
        assertThat(outcome.measurement()).contains(measured);
        assertThat(outcome.description()).isEqualTo(requirement.description());
        assertThat(outcome.threshold()).isEqualTo(0.7);
        assertThat(outcome.measured()).hasValue(0.631);
        assertThat(outcome.proportion()).contains(new Proportion(631, 1000));
        assertThat(outcome.confidenceInterval()).isEqualTo(measured.interval());
        assertThat(outcome.measuredText()).isEqualTo(measured.toString());
        assertThat(outcome.source().report()).contains(report);
        assertThat(outcome.modelName()).isEqualTo(outcome.source().modelName()).contains("fashion.pt");
        GateOutcome attributed = outcome.withTestName("FashionGates.pgd");
        assertThat(attributed.testName()).contains("FashionGates.pgd");
        assertThat(attributed.requirement()).isEqualTo(requirement);
        assertThat(attributed.measurement()).contains(measured);
        assertThat(attributed.attackDescription()).isEqualTo(outcome.attackDescription());
    }
}
