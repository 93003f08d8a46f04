package io.robustunit.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.robustunit.random.Seeds;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class DeterminismTest {

    static AffineModel model;
    static NDManager manager;
    static AffineModel.Samples samples;
    static final ThreatModel LINF = ThreatModel.linf(0.15).withInputRange(-10, 10);

    @BeforeAll
    static void setUp() {
        model = AffineModel.gaussian(4, 42);
        manager = NDManager.newBaseManager();
        samples = model.samples(manager, 40, 3);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
        model.close();
    }

    static Stream<Attack> seededAttacks() {
        return Stream.of(
                Attacks.pgd(LINF).randomStart(true).restarts(2).seed(9),
                Attacks.pgd(ThreatModel.l2(0.5).withInputRange(-10, 10))
                        .randomStart(true)
                        .seed(9),
                Attacks.apgdCe(LINF).iterations(20).seed(9),
                Attacks.apgdDlr(LINF).iterations(20).seed(9),
                Attacks.square(LINF).queries(100).seed(9));
    }

    float[] adversarial(Attack attack, int firstIndex) {
        int[] indices = java.util.stream.IntStream.range(firstIndex, firstIndex + samples.size())
                .toArray();
        try (AttackResult r = attack.perturb(model.classifier, samples.inputs(), samples.labelArray(), indices)) {
            return r.adversarial().toFloatArray();
        }
    }

    @ParameterizedTest
    @MethodSource("seededAttacks")
    void theSameSeedsGiveIdenticalAdversarialExamples(Attack attack) {
        assertThat(adversarial(attack, 17)).containsExactly(adversarial(attack, 17));
    }

    @Test
    void anotherDatasetIndexOrAttackSeedDrawsAnotherRandomStart() {
        Attack oneStep = Attacks.pgd(LINF).randomStart(true).steps(1).stepSize(1e-4);

        float[] first = adversarial(oneStep, 1);

        assertThat(adversarial(oneStep, 2)).isNotEqualTo(first);
        assertThat(adversarial(oneStep.withSeed(1), 1)).isNotEqualTo(first);
        assertThat(adversarial(oneStep, 1)).isEqualTo(first);
    }

    @ParameterizedTest
    @EnumSource(Norm.class)
    void randomStartsDependOnlyOnTheSeedsAndStayInTheBall(Norm norm) {
        int n = 50;
        int dim = 20;
        int[] rows = java.util.stream.IntStream.range(0, n).toArray();
        float[] a = RandomStart.IN_BALL.deltas(norm, 0.3, Seeds.randoms(1, rows), rows, dim);
        float[] b = RandomStart.IN_BALL.deltas(norm, 0.3, Seeds.randoms(1, rows), rows, dim);
        float[] c = RandomStart.IN_BALL.deltas(norm, 0.3, Seeds.randoms(2, rows), rows, dim);
        float[] boundary = RandomStart.ON_BOUNDARY.deltas(norm, 0.3, Seeds.randoms(1, rows), rows, dim);

        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        for (int i = 0; i < n; i++) {
            assertThat(norm(a, i, dim, norm)).isLessThanOrEqualTo(0.3 + 1e-6);
            assertThat(norm(boundary, i, dim, norm)).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void aSamplesRandomnessDoesNotDependOnWhichOtherSamplesAreAttacked() {
        int[] ten = java.util.stream.IntStream.range(0, 10).toArray();
        SplittableRandom[] generators = Seeds.randoms(4, ten);
        float[] all = RandomStart.IN_BALL.deltas(
                Norm.LINF,
                0.1,
                Seeds.randoms(4, ten),
                java.util.stream.IntStream.range(0, 10).toArray(),
                3);
        float[] only7 = RandomStart.IN_BALL.deltas(Norm.LINF, 0.1, generators, new int[] {7}, 3);
        assertThat(only7).containsExactly(java.util.Arrays.copyOfRange(all, 21, 24));
    }

    static double norm(float[] values, int row, int dim, Norm norm) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            float v = values[row * dim + d];
            s = norm == Norm.LINF ? Math.max(s, Math.abs(v)) : s + v * v;
        }
        return norm == Norm.LINF ? s : Math.sqrt(s);
    }

    @Test
    void resultsDoNotDependOnThreadScheduling() throws Exception {
        Attack attack = Attacks.pgd(LINF).randomStart(true).seed(2);
        float[] sequential = adversarial(attack, 8);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<float[]>> jobs =
                    List.of(() -> adversarial(attack, 8), () -> adversarial(attack, 8), () -> adversarial(attack, 8));
            for (Future<float[]> f : pool.invokeAll(jobs)) {
                assertThat(f.get()).containsExactly(sequential);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void earlyExitDoesNotChangeWhichSamplesAreBroken() {
        AffineModel.Samples many = model.samples(manager, 100, 21);
        for (Attack attack : List.<Attack>of(
                Attacks.pgd(LINF).randomStart(true).earlyExit(false),
                Attacks.apgdCe(LINF).iterations(30))) {
            Attack early = attack instanceof Pgd p ? p.earlyExit(true) : ((Apgd) attack).earlyExit(true);
            try (AttackResult full = attack.perturb(model.classifier, many.inputs(), many.labelArray());
                    AttackResult exited = early.perturb(model.classifier, many.inputs(), many.labelArray())) {
                for (int i = 0; i < 100; i++) {
                    assertThat(exited.isBroken(i)).as("%s, sample %d", early, i).isEqualTo(full.isBroken(i));
                }
                assertThat(full.robustCount()).isPositive().isLessThan(100);
                if (attack instanceof Pgd) { // PGD keeps the same iterates too (APGD's steps are per batch)
                    assertThat(exited.adversarial().toFloatArray())
                            .containsExactly(full.adversarial().toFloatArray());
                }
            }
        }
    }
}
