package io.robustunit.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.eval.Proportion;
import org.junit.jupiter.api.Test;

class SequentialPlanTest {

    @Test
    void looksDoubleFromTheFirstAndEndWithAllSamplesSpendingHalfTheErrorOnTheLast() {
        SequentialPlan plan = SequentialPlan.of(0.95, 1000, 100);

        assertThat(plan.looks()).containsExactly(100, 200, 400, 800, 1000);
        assertThat(plan.lookConfidence(4)).isCloseTo(0.975, org.assertj.core.data.Offset.offset(1e-12));
        double spent = 0;
        for (int k = 0; k < plan.lookCount(); k++) {
            spent += 1 - plan.lookConfidence(k);
        }
        assertThat(spent).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aSetSmallerThanTheFirstLookIsThePlainConfidentGate() {
        SequentialPlan plan = SequentialPlan.of(0.95, 60, 100);

        assertThat(plan.looks()).containsExactly(60);
        SequentialPlan.Decision d = plan.decide(0, 40, 60, Comparison.AT_LEAST, 0.5);
        assertThat(d.interval()).isEqualTo(new Proportion(40, 60).interval(0.95));
        assertThat(d.status())
                .isEqualTo(d.interval().lower() >= 0.5 ? SequentialPlan.Status.PASS : SequentialPlan.Status.FAIL);
    }

    @Test
    void aClearResultStopsEarlyEitherWayAndAnUndecidedOneContinuesUntilTheLastLook() {
        SequentialPlan plan = SequentialPlan.of(0.95, 1000, 100);

        assertThat(plan.decide(0, 72, 100, Comparison.AT_LEAST, 0.45).status()).isEqualTo(SequentialPlan.Status.PASS);
        assertThat(plan.decide(0, 20, 100, Comparison.AT_LEAST, 0.45))
                .satisfies(d -> assertThat(d.status()).isEqualTo(SequentialPlan.Status.FAIL))
                .satisfies(d -> assertThat(d.byBound()).isTrue());
        assertThat(plan.decide(0, 46, 100, Comparison.AT_LEAST, 0.45).status())
                .isEqualTo(SequentialPlan.Status.CONTINUE);
        assertThat(plan.decide(4, 460, 1000, Comparison.AT_LEAST, 0.45))
                .satisfies(d -> assertThat(d.status()).isEqualTo(SequentialPlan.Status.FAIL))
                .satisfies(d -> assertThat(d.byBound()).isFalse());
        assertThat(plan.decide(0, 2, 100, Comparison.AT_MOST, 0.2).status()).isEqualTo(SequentialPlan.Status.PASS);
        assertThat(plan.decide(1, 0, 0, Comparison.AT_MOST, 0.2).status()).isEqualTo(SequentialPlan.Status.CONTINUE);
        assertThat(plan.decide(4, 0, 0, Comparison.AT_MOST, 0.2).status()).isEqualTo(SequentialPlan.Status.FAIL);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> SequentialPlan.of(1.0, 100, 10)).hasMessageContaining("confidence must be in (0, 1)");
        assertThatThrownBy(() -> SequentialPlan.of(0.9, 0, 10)).hasMessageContaining("total >= 1");
        assertThatThrownBy(() -> SequentialPlan.of(0.9, 100, 10).decide(5, 1, 2, Comparison.AT_MOST, 0.5))
                .hasMessageContaining("look 5");
    }
}
