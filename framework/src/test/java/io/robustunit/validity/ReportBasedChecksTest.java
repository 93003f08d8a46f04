package io.robustunit.validity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.data.FashionMnist;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.eval.ValidityFinding;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import io.robustunit.validity.Finding.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ReportChecks, SweepChecks and AttackChecks on reports with chosen outcomes. */
class ReportBasedChecksTest {

    /** 100 samples, label i % 10; the first {@code robust} are robust, the rest broken. */
    static RobustnessReport report(String attack, double eps, int robust) {
        RobustnessReport.Builder b = RobustnessReport.builder()
                .modelName("m.pt")
                .dataset("Fashion-MNIST test", FashionMnist.CLASS_NAMES)
                .attack(attack.replaceAll("\\(.*", ""), attack, ThreatModel.linf(eps), 0);
        for (int i = 0; i < 100; i++) {
            int label = i % 10;
            b.outcome(
                    i < robust
                            ? new SampleOutcome(i, label, label, label, eps, null)
                            : new SampleOutcome(i, label, label, (label + 1) % 10, eps, attack));
        }
        return b.build();
    }

    static Attack attack(String name, boolean gradients) {
        return new Attack() {
            public String name() {
                return name;
            }

            public ThreatModel threatModel() {
                return ThreatModel.linf(0.1);
            }

            public Attack withThreatModel(ThreatModel tm) {
                return this;
            }

            public long seed() {
                return 0;
            }

            public Attack withSeed(long seed) {
                return this;
            }

            public boolean needsGradients() {
                return gradients;
            }

            public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void aLargeLinfRadiusThatLeavesTheModelAccurateIsReported() {
        assertThat(ReportChecks.defaults()
                        .check(report("PGD(eps 0.5)", 0.5, 10))
                        .findings())
                .isEmpty();

        ValidityReport found = ReportChecks.defaults().check(report("PGD(eps 0.5)", 0.5, 40));

        assertThat(found.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.LARGE_EPSILON_NOT_SATURATING);
            assertThat(f.message())
                    .startsWith("PGD(eps 0.5) leaves robust accuracy at 0.400 (40/100) on"
                            + " Fashion-MNIST test images at Linf eps=0.500");
        });
        assertThat(ReportChecks.defaults()
                        .withSaturatedAccuracyCeiling(0.5)
                        .check(report("PGD", 0.5, 40))
                        .isValid())
                .isTrue();
        assertThat(ReportChecks.defaults().check(report("PGD", 0.3, 90)).isValid())
                .isTrue();
    }

    @Test
    void recordedOutOfBoundsExamplesAreReportedWithTheirCounts() {
        RobustnessReport base = report("PGD", 0.1, 50);
        RobustnessReport sloppy = RobustnessReport.builder()
                .modelName("m.pt")
                .dataset(base.datasetName(), base.classNames())
                .attack("PGD", "PGD", base.threatModel(), 0)
                .outcomes(base.outcomes())
                .finding(new ValidityFinding(3, ValidityFinding.Kind.OUTSIDE_BALL, 0.2, 0.1, "norm 0.2"))
                .finding(new ValidityFinding(3, ValidityFinding.Kind.OUTSIDE_RANGE, 1.2, 1.0, "value 1.2"))
                .finding(new ValidityFinding(8, ValidityFinding.Kind.OUTSIDE_BALL, 0.3, 0.1, "norm 0.3"))
                .build();

        assertThat(ReportChecks.defaults().check(sloppy).findings())
                .singleElement()
                .extracting(Finding::message)
                .asString()
                .contains(
                        "outside Linf eps=0.100 on 2 of 100 Fashion-MNIST test images (OUTSIDE_BALL 2, OUTSIDE_RANGE 1;"
                                + " first: sample 3: OUTSIDE_BALL (norm 0.2))");
    }

    @Test
    void robustAccuracyRisingWithEpsilonBeyondToleranceIsReported() {
        RobustnessCurve monotone =
                RobustnessCurve.of(List.of(report("PGD", 0.05, 80), report("PGD", 0.1, 60), report("PGD", 0.2, 61)));
        RobustnessCurve rising =
                RobustnessCurve.of(List.of(report("PGD", 0.05, 50), report("PGD", 0.1, 60), report("PGD", 0.2, 20)));

        assertThat(SweepChecks.defaults().check(monotone).isValid())
                .as("one-sample rise is noise")
                .isTrue();
        assertThat(SweepChecks.defaults().check(rising).findings())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(Kind.NON_MONOTONE_SWEEP);
                    assertThat(f.message())
                            .startsWith(
                                    "robust accuracy of m.pt on Fashion-MNIST test images rises with"
                                            + " epsilon: 0.500 (50/100) at eps=0.050 but 0.600 (60/100) at eps=0.100 under PGD");
                });
        assertThat(SweepChecks.defaults().withRiseTolerance(0.2).check(rising).isValid())
                .isTrue();
    }

    @Test
    void aSimplerOrBlackBoxReferenceThatClearlyWinsIsReportedAndMarginsApply() {
        RobustnessReport pgd = report("PGD(...)", 0.1, 60);
        Attack white = attack("PGD", true);

        Optional<Finding> fgsmWins =
                AttackChecks.defaults().compare(white, pgd, attack("FGSM", true), report("FGSM(...)", 0.1, 50));
        Optional<Finding> squareSlightlyBetter =
                AttackChecks.defaults().compare(white, pgd, attack("Square", false), report("Square(...)", 0.1, 57));
        Optional<Finding> squareWins =
                AttackChecks.defaults().compare(white, pgd, attack("Square", false), report("Square(...)", 0.1, 50));

        assertThat(fgsmWins).get().extracting(Finding::kind).isEqualTo(Kind.WEAKER_THAN_SIMPLER_ATTACK);
        assertThat(fgsmWins.get().message())
                .contains("FGSM broke 10 samples that PGD left robust (dataset indices"
                        + " 50, 51, 52, 53, 54, 55, 56, 57, 58, 59)");
        assertThat(squareSlightlyBetter).as("within the black-box margin").isEmpty();
        assertThat(squareWins).get().extracting(Finding::kind).isEqualTo(Kind.BLACK_BOX_BEATS_WHITE_BOX);
        assertThat(AttackChecks.defaults()
                        .compare(
                                attack("Square", false),
                                report("Square", 0.1, 60),
                                attack("PGD", true),
                                report("PGD", 0.1, 10)))
                .as("a black-box attack may be weaker")
                .isEmpty();
    }

    @Test
    void reportsOfDifferentSamplesCannotBeCompared() {
        RobustnessReport fifty = RobustnessReport.builder()
                .modelName("m.pt")
                .dataset("Fashion-MNIST test", FashionMnist.CLASS_NAMES)
                .attack("FGSM", "FGSM", ThreatModel.linf(0.1), 0)
                .outcome(new SampleOutcome(500, 0, 0, 0, 0.1, null))
                .build();

        assertThatThrownBy(() -> AttackChecks.defaults()
                        .compare(attack("PGD", true), report("PGD", 0.1, 60), attack("FGSM", true), fifty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("they ran on different samples");
    }
}
