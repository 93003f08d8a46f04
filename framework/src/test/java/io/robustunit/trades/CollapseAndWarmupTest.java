package io.robustunit.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.threat.ThreatModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollapseAndWarmupTest {

    static final double LN10 = Math.log(10);

    @Test
    void twentyStepsAtChanceAreReportedOnceNamingTheStepsAndTheFix() {
        CollapseDetector detector = new CollapseDetector(10, "settings");
        List<String> warnings = new ArrayList<>();
        for (int step = 1; step <= 60; step++) {
            boolean atChance = step >= 11 && step <= 50;
            detector.onStep(step, atChance ? LN10 + 0.001 : 0.9, atChance ? 0.0001 : 0.3)
                    .ifPresent(warnings::add);
        }

        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith("TRADES collapse: steps 11-30 sat at chance (natural loss 2.304 = ln 10")
                .contains("--lr", "--warmup-steps", "--beta");
    }

    @Test
    void aHighNaturalLossWithARobustTermIsNoCollapse() {
        CollapseDetector detector = new CollapseDetector(10, "settings");
        for (int step = 1; step <= 100; step++) {
            assertThat(detector.onStep(step, LN10, 0.2)).isEmpty();
        }
    }

    @Test
    void heldOutCleanAccuracyNearOneOverClassesIsACollapse() {
        CollapseDetector detector = new CollapseDetector(10, "settings");

        assertThat(detector.onEvaluation(150, 11, 100))
                .hasValueSatisfying(
                        w -> assertThat(w)
                                .startsWith(
                                        "TRADES collapse: held-out clean accuracy 0.110 (11/100) at step 150 is at chance (1/10)"));
        assertThat(detector.onEvaluation(300, 70, 100)).isEmpty();
    }

    @Test
    void learningRateAndBetaRampInLinearlyOverAtMostAFifthOfTheRun() {
        TradesTrainer trainer =
                TradesTrainer.builder().threatModel(ThreatModel.linf(0.1)).build();

        assertThat(trainer.warmupSteps()).isEqualTo(TradesTrainer.DEFAULT_WARMUP_STEPS);
        assertThat(trainer.warmupFactor(0, 461)).isEqualTo(1 / 92.0);
        assertThat(trainer.warmupFactor(45, 461)).isEqualTo(46 / 92.0);
        assertThat(trainer.warmupFactor(92, 461)).isEqualTo(1.0);
        assertThat(trainer.warmupFactor(0, 5000)).isEqualTo(1 / 100.0);
        assertThat(trainer.settings()).contains("lr and beta ramped in over 100 steps");

        TradesTrainer none = TradesTrainer.builder()
                .threatModel(ThreatModel.linf(0.1))
                .warmupSteps(0)
                .build();
        assertThat(none.warmupFactor(0, 461)).isEqualTo(1.0);
        assertThatThrownBy(() -> TradesTrainer.builder()
                        .threatModel(ThreatModel.linf(0.1))
                        .warmupSteps(-1)
                        .build())
                .hasMessageContaining("warm-up steps must be >= 0");
    }
}
