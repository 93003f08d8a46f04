package io.robustunit.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.robustunit.junit5.samples.SourceSamples;
import io.robustunit.threat.ThreatModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class SourcesTest {

    @BeforeEach
    void reset() {
        SourceSamples.Epsilons.SEEN.clear();
        SourceSamples.AttacksByEpsilon.SEEN.clear();
    }

    @Test
    void epsilonSourceRunsOneCasePerRadiusWithTheThreatModelAsArgument() {
        Kit.run(SourceSamples.Epsilons.class)
                .testEvents()
                .assertStatistics(s -> s.started(3).succeeded(3));

        assertThat(SourceSamples.Epsilons.SEEN)
                .containsExactlyInAnyOrder(
                        ThreatModel.linf(0.05),
                        ThreatModel.linf(0.1),
                        ThreatModel.l2(1.5).withInputRange(-1, 1));
    }

    @Test
    void epsilonSourceNamesEachCaseAfterItsThreatModel() {
        assertThat(Kit.run(SourceSamples.Epsilons.class).testEvents().started().stream()
                        .map(e -> e.getTestDescriptor().getDisplayName()))
                .contains("Linf eps=0.050", "Linf eps=0.100", "L2 eps=1.500 range=[-1.0, 1.0]");
    }

    @Test
    void anEmptyOrImpossibleEpsilonSourceFailsWithTheReason() {
        Kit.run(SourceSamples.NoEpsilons.class)
                .allEvents()
                .assertThatEvents()
                .haveAtLeastOne(event(finishedWithFailure(
                        instanceOf(ExtensionConfigurationException.class),
                        message("@EpsilonSource on NoEpsilons.never() has no values; give at least one radius,"
                                + " e.g. values = {0.05, 0.1}"))));
        Kit.run(SourceSamples.EpsilonTooLarge.class)
                .allEvents()
                .assertThatEvents()
                .haveAtLeastOne(event(finishedWithFailure(
                        message(m -> m.startsWith("@EpsilonSource on EpsilonTooLarge.never() is invalid:"
                                + " Linf epsilon 2.0 exceeds the width of the input range")))));
    }

    @Test
    void attackSourceRunsEveryAttackAtEveryRadius() {
        Kit.run(SourceSamples.AttacksByEpsilon.class)
                .testEvents()
                .assertStatistics(s -> s.started(4).succeeded(4));

        assertThat(SourceSamples.AttacksByEpsilon.SEEN)
                .hasSize(4)
                .contains("FGSM(Linf eps=0.050)", "FGSM(Linf eps=0.100)")
                .anySatisfy(a -> assertThat(a).startsWith("PGD(Linf eps=0.050, 5 steps"))
                .anySatisfy(a -> assertThat(a).startsWith("PGD(Linf eps=0.100, 5 steps"));
    }
}
