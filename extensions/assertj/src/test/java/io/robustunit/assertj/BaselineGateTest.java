package io.robustunit.assertj;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.baseline.Baselines;
import io.robustunit.baseline.RobustnessBaseline;
import io.robustunit.eval.RobustnessReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_PROPERTIES)
class BaselineGateTest {

    @TempDir
    Path dir;

    RobustnessReport recorded = Reports.report(1000, 905, 650);

    @AfterEach
    void clearProperties() {
        System.clearProperty(Baselines.UPDATE_PROPERTY);
        System.clearProperty(Baselines.DIR_PROPERTY);
    }

    @Test
    void theUpdateSwitchRecordsTheBaselineAndALaterRunWithinToleranceOrBetterPasses() throws Exception {
        Path file = dir.resolve("pgd.json");
        System.setProperty(Baselines.UPDATE_PROPERTY, "true");
        assertThat(recorded).isNotWorseThanBaseline(file, 0.01);
        System.clearProperty(Baselines.UPDATE_PROPERTY);

        assertThat(RobustnessBaseline.read(file))
                .get()
                .extracting(RobustnessBaseline::robustCount)
                .isEqualTo(650);
        assertThat(Reports.report(1000, 905, 641)).isNotWorseThanBaseline(file, 0.01);
        assertThat(Reports.report(1000, 905, 700)).isNotWorseThanBaseline(file, 0.0);
    }

    @Test
    void fallingBelowTheBaselineListsTheSamplesThatBroke() throws Exception {
        Path file = dir.resolve("pgd.json");
        RobustnessBaseline.of("pgd", recorded).write(file);

        assertThatThrownBy(() -> assertThat(Reports.report(1000, 905, 631)).isNotWorseThanBaseline(file, 0.01))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not to fall more than 0.010 below its baseline 0.650 (650/1000, " + file + ")")
                .hasMessageContaining("19 samples went from robust to broken since the baseline, dataset indices: 631,"
                        + " 632, 633");
    }

    @Test
    void aMissingBaselineFailsAndExplainsHowToRecordIt() {
        System.setProperty(Baselines.DIR_PROPERTY, dir.toString());

        assertThatThrownBy(() -> assertThat(recorded).isNotWorseThanBaseline("pgd-linf-0.1", 0.01))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting a robustness baseline for gate 'pgd-linf-0.1' at "
                        + dir.resolve("pgd-linf-0.1.json") + " but there is none.");
    }

    @Test
    void aBaselineOfAnotherAttackCannotBeCompared() throws Exception {
        Path file = dir.resolve("pgd.json");
        RobustnessBaseline.of("pgd", recorded).write(file);
        RobustnessReport otherAttack = RobustnessReport.builder()
                .modelName("fashion-mnist-natural.pt")
                .dataset("Fashion-MNIST test", recorded.classNames())
                .attack("PGD", "PGD(Linf eps=0.100, 40 steps, step 0.010, seed 7)", recorded.threatModel(), 7)
                .outcomes(recorded.outcomes().stream()
                        .map(o -> new io.robustunit.eval.SampleOutcome(
                                o.datasetIndex(),
                                o.trueLabel(),
                                o.cleanPrediction(),
                                o.adversarialPrediction(),
                                o.perturbationNorm(),
                                o.brokenBy() == null ? null : "PGD 40"))
                        .toList())
                .build();

        assertThatThrownBy(() -> assertThat(otherAttack).isNotWorseThanBaseline(file, 0.01))
                .hasMessageContaining("but the attack changed from PGD(Linf eps=0.100, 20 steps, step 0.010, seed 7)"
                        + " to PGD(Linf eps=0.100, 40 steps, step 0.010, seed 7)");
    }

    @Test
    void updatingRewritesAnExistingBaselineAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("pgd.json");
        RobustnessBaseline.of("pgd", recorded).write(file);
        System.setProperty(Baselines.UPDATE_PROPERTY, "true");

        assertThat(Reports.report(1000, 905, 500)).isNotWorseThanBaseline(file, 0.0);

        assertThat(RobustnessBaseline.read(file))
                .get()
                .extracting(RobustnessBaseline::robustCount)
                .isEqualTo(500);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
