package io.robustunit.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AutoAttackEnsembleTest {

    static final int SAMPLES = 100;
    static AffineModel twoClasses;
    static AffineModel fourClasses;
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        twoClasses = AffineModel.gaussian(2, 42);
        fourClasses = AffineModel.gaussian(4, 42);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
        twoClasses.close();
        fourClasses.close();
    }

    static double[] distances(AffineModel model, AffineModel.Samples s, Norm norm) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = model.minimalDistance(s.values(), i * AffineModel.DIM, s.labels()[i], norm);
        }
        return d;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void eachSampleIsCreditedToTheFirstMemberThatBreaksItAndLaterMembersOnlySeeSurvivors() {
        // GIVEN a two-class affine model, where one PGD step of size s breaks exactly the samples
        // closer than s, and 20 steps break exactly those closer than epsilon
        AffineModel.Samples s = twoClasses.samples(manager, SAMPLES, 5);
        double[] d = distances(twoClasses, s, Norm.LINF);
        double eps = median(d);
        ThreatModel tm = ThreatModel.linf(eps).withInputRange(-10, 10);
        RecordingAttack weak = new RecordingAttack(Attacks.pgd(tm).steps(1).stepSize(0.3 * eps));
        RecordingAttack strong = new RecordingAttack(Attacks.pgd(tm));
        AutoAttackEnsemble ensemble = Attacks.autoAttack(tm).members(weak, strong);

        // WHEN
        try (AttackResult result = ensemble.perturb(twoClasses.classifier, s.inputs(), s.labelArray())) {
            // THEN
            String[] by = result.brokenBy();
            int brokenByWeak = 0;
            for (int i = 0; i < SAMPLES; i++) {
                double r = d[i] / eps;
                if (r < 0.29) {
                    assertThat(by[i]).as("sample at %.3f eps", r).isEqualTo(weak.toString());
                } else if (r > 0.31 && r < 0.99) {
                    assertThat(by[i]).as("sample at %.3f eps", r).isEqualTo(strong.toString());
                } else if (r > 1) {
                    assertThat(by[i]).as("sample at %.3f eps", r).isNull();
                }
                if (weak.toString().equals(by[i])) {
                    brokenByWeak++;
                }
            }
            assertThat(brokenByWeak).isPositive();
            assertThat(weak.batchSizes).containsExactly((long) SAMPLES);
            assertThat(strong.batchSizes).containsExactly((long) SAMPLES - brokenByWeak);
            int[] predictions = Outcomes.predictions(twoClasses.classifier, result.adversarial());
            for (int i = 0; i < SAMPLES; i++) {
                assertThat(predictions[i] != s.labels()[i])
                        .as("sample %d broken", i)
                        .isEqualTo(by[i] != null);
            }
            Invariants.assertInsideBallAndRange(tm, result.adversarial(), s.inputs());
        }
    }

    @Test
    void aSampleCountsAsRobustOnlyIfItSurvivesEveryMember() {
        AffineModel.Samples s = twoClasses.samples(manager, SAMPLES, 5);
        double[] d = distances(twoClasses, s, Norm.LINF);
        double eps = median(d);
        ThreatModel tm = ThreatModel.linf(eps).withInputRange(-10, 10);
        Attack weak = Attacks.pgd(tm).steps(1).stepSize(0.3 * eps);
        long expectedRobust = Arrays.stream(d).filter(x -> x > eps).count();
        long undecided =
                Arrays.stream(d).filter(x -> x >= 0.99 * eps && x <= eps).count();

        try (AttackResult weakOnly = Attacks.autoAttack(tm)
                        .members(weak)
                        .perturb(twoClasses.classifier, s.inputs(), s.labelArray());
                AttackResult weakThenStrong = Attacks.autoAttack(tm)
                        .members(weak, Attacks.pgd(tm))
                        .perturb(twoClasses.classifier, s.inputs(), s.labelArray())) {
            assertThat(weakThenStrong.robustCount()).isLessThan(weakOnly.robustCount());
            assertThat((long) weakThenStrong.robustCount()).isBetween(expectedRobust, expectedRobust + undecided);
        }
    }

    @Test
    void samplesMisclassifiedWithoutPerturbationAreMarkedAndReturnedUnchanged() {
        AffineModel.Samples s = fourClasses.samples(manager, 20, 5);
        int[] labels = s.labels().clone();
        for (int i = 0; i < labels.length; i += 4) {
            labels[i] = (labels[i] + 1) % 4;
        }
        ThreatModel tm = ThreatModel.linf(0.01).withInputRange(-10, 10);
        try (NDArray wrong = manager.create(labels);
                AttackResult result = Attacks.autoAttack(tm).perturb(fourClasses.classifier, s.inputs(), wrong)) {
            float[] adv = result.adversarial().toFloatArray();
            for (int i = 0; i < labels.length; i += 4) {
                assertThat(result.brokenBy()[i]).isEqualTo(AttackResult.MISCLASSIFIED_CLEAN);
                assertThat(Arrays.copyOfRange(adv, i * AffineModel.DIM, (i + 1) * AffineModel.DIM))
                        .containsExactly(
                                Arrays.copyOfRange(s.values(), i * AffineModel.DIM, (i + 1) * AffineModel.DIM));
            }
        }
    }

    @Test
    void theStandardEnsembleIsExactOnAFourClassAffineModel() {
        AffineModel.Samples s = fourClasses.samples(manager, SAMPLES, 9);
        double[] d = distances(fourClasses, s, Norm.LINF);
        double eps = median(d);
        ThreatModel tm = ThreatModel.linf(eps).withInputRange(-10, 10);
        AutoAttackEnsemble aa = Attacks.autoAttack(tm);

        try (AttackResult result = aa.perturb(fourClasses.classifier, s.inputs(), s.labelArray())) {
            int[] predictions = Outcomes.predictions(fourClasses.classifier, result.adversarial());
            String[] by = result.brokenBy();
            java.util.Set<String> members = new java.util.HashSet<>();
            aa.members().forEach(m -> members.add(m.toString()));
            for (int i = 0; i < SAMPLES; i++) {
                boolean broken = predictions[i] != s.labels()[i];
                if (d[i] < 0.99 * eps) {
                    assertThat(broken)
                            .as("sample %d at %.3f eps broken", i, d[i] / eps)
                            .isTrue();
                    assertThat(by[i]).isIn(members);
                } else if (d[i] > eps) {
                    assertThat(broken)
                            .as("sample %d at %.3f eps broken", i, d[i] / eps)
                            .isFalse();
                    assertThat(by[i]).isNull();
                }
            }
            Invariants.assertInsideBallAndRange(tm, result.adversarial(), s.inputs());
        }
    }

    @Test
    void membersMustShareTheEnsemblesThreatModel() {
        ThreatModel tm = ThreatModel.linf(0.1);
        assertThatThrownBy(() -> Attacks.autoAttack(tm).members(Attacks.pgd(ThreatModel.linf(0.2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eps=0.200")
                .hasMessageContaining("same ThreatModel");
        assertThatThrownBy(() -> Attacks.autoAttack(tm).members(new Attack[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one attack");
    }

    @Test
    void reseedingAndMovingTheEnsembleMovesEveryMember() {
        AutoAttackEnsemble aa =
                Attacks.autoAttack(ThreatModel.linf(0.1)).seed(5).withThreatModel(ThreatModel.linf(0.2));
        assertThat(aa.members()).hasSize(3).allSatisfy(m -> {
            assertThat(m.seed()).isEqualTo(5);
            assertThat(m.threatModel()).isEqualTo(ThreatModel.linf(0.2));
        });
        assertThat(Attacks.autoAttack(ThreatModel.l2(1.0)).members())
                .extracting(Attack::name)
                .containsExactly("APGD-CE", "APGD-T");
    }
}
