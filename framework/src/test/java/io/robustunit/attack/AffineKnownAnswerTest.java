package io.robustunit.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers. On an affine classifier {@code f(x) = Wx + b} whose input range does not bind, the
 * minimal adversarial distance of a sample is {@code min_{j != y} margin_j / ||w_y - w_j||_*} (dual
 * norm: L1 for Linf, L2 for L2). With epsilon at the median distance of 100 samples, an exact attack
 * must break every sample closer than {@code 0.99 * eps}, and no attack can break one farther than
 * {@code eps} unless it leaves the ball. Predictions are re-computed on the returned points.
 *
 * <p>Which attack is exact where: on two classes the cross-entropy is monotone in the one margin, so
 * FGSM/FGM, PGD and APGD-CE are exact in both norms. On ten equidistant classes the sign of the
 * cross-entropy gradient is the optimal Linf direction, so the Linf cross-entropy attacks are exact
 * (in L2 they are not: the gradient mixes the runner-up classes). Targeted APGD-DLR tries every wrong
 * class of a four-class model and is exact on generic weights.
 */
class AffineKnownAnswerTest {

    static final int SAMPLES = 100;

    static AffineModel twoClasses;
    static AffineModel equidistant;
    static AffineModel fourClasses;
    static AffineModel tenClasses;
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        twoClasses = AffineModel.gaussian(2, 42);
        equidistant = AffineModel.equidistant(42);
        fourClasses = AffineModel.gaussian(4, 42);
        tenClasses = AffineModel.gaussian(10, 42);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
        twoClasses.close();
        equidistant.close();
        fourClasses.close();
        tenClasses.close();
    }

    static Arguments exact(String model, Norm norm, Function<ThreatModel, Attack> attack) {
        return Arguments.of(model, norm, attack);
    }

    static Stream<Arguments> exactAttacks() {
        return Stream.of(
                exact("two classes", Norm.LINF, Attacks::fgsm),
                exact("two classes", Norm.L2, Attacks::fgm),
                exact("two classes", Norm.LINF, Attacks::pgd),
                exact("two classes", Norm.L2, Attacks::pgd),
                exact(
                        "two classes",
                        Norm.LINF,
                        tm -> Attacks.pgd(tm).randomStart(true).seed(3)),
                exact(
                        "two classes",
                        Norm.L2,
                        tm -> Attacks.pgd(tm).randomStart(true).seed(3)),
                exact("two classes", Norm.LINF, Attacks::apgdCe),
                exact("two classes", Norm.L2, Attacks::apgdCe),
                exact("ten equidistant classes", Norm.LINF, Attacks::fgsm),
                exact("ten equidistant classes", Norm.LINF, Attacks::pgd),
                exact(
                        "ten equidistant classes",
                        Norm.LINF,
                        tm -> Attacks.pgd(tm).earlyExit(true)),
                exact("ten equidistant classes", Norm.LINF, Attacks::apgdCe),
                exact("four classes", Norm.LINF, tm -> Attacks.apgdDlr(tm).earlyExit(true)),
                exact("four classes", Norm.L2, tm -> Attacks.apgdDlr(tm).earlyExit(true)));
    }

    static AffineModel model(String name) {
        return switch (name) {
            case "two classes" -> twoClasses;
            case "ten equidistant classes" -> equidistant;
            case "four classes" -> fourClasses;
            default -> tenClasses;
        };
    }

    /** Samples with their minimal distances, and epsilon at the median distance. */
    record Case(AffineModel model, AffineModel.Samples samples, double[] distance, ThreatModel tm) {

        static Case of(AffineModel model, Norm norm, long seed) {
            AffineModel.Samples s = model.samples(manager, SAMPLES, seed);
            double[] d = new double[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                d[i] = model.minimalDistance(s.values(), i * AffineModel.DIM, s.labels()[i], norm);
            }
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            double eps = sorted[SAMPLES / 2];
            return new Case(model, s, d, ThreatModel.of(norm, eps).withInputRange(-10, 10));
        }

        double eps() {
            return tm.epsilon();
        }

        AttackResult attack(Attack attack) {
            return attack.perturb(model.classifier, samples.inputs(), samples.labelArray());
        }

        /** Samples whose distance relative to epsilon is below {@code factor} and that survived. */
        List<String> survivorsCloserThan(double factor, int[] predictions) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i++) {
                if (distance[i] < factor * eps() && predictions[i] == samples.labels()[i]) {
                    out.add("sample " + i + " at " + distance[i] / eps() + " eps");
                }
            }
            return out;
        }

        List<String> brokenFartherThanEpsilon(int[] predictions) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i++) {
                if (distance[i] > eps() && predictions[i] != samples.labels()[i]) {
                    out.add("sample " + i + " at " + distance[i] / eps() + " eps");
                }
            }
            return out;
        }

        long count(double lo, double hi) {
            return Arrays.stream(distance)
                    .filter(d -> d >= lo * eps() && d < hi * eps())
                    .count();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("exactAttacks")
    void breaksEverySampleCloserThanEpsilonAndNoneFartherAway(
            String modelName, Norm norm, Function<ThreatModel, Attack> factory) {
        Case c = Case.of(model(modelName), norm, 7);
        Attack attack = factory.apply(c.tm());
        assertThat(c.count(0, 0.99)).as("samples inside the ball").isGreaterThanOrEqualTo(40);
        assertThat(c.count(1.0, Double.POSITIVE_INFINITY)).as("samples outside").isGreaterThanOrEqualTo(40);

        try (AttackResult result = c.attack(attack)) {
            int[] predictions = Outcomes.predictions(c.model().classifier, result.adversarial());

            assertThat(c.survivorsCloserThan(0.99, predictions))
                    .as(attack.toString())
                    .isEmpty();
            assertThat(c.brokenFartherThanEpsilon(predictions))
                    .as(attack.toString())
                    .isEmpty();
            Invariants.assertInsideBallAndRange(
                    c.tm(), result.adversarial(), c.samples().inputs());
            Invariants.assertAttributionMatchesPredictions(
                    result, predictions, c.samples().labels(), attack);
        }
    }

    @Test
    void squareBreaksEverySampleWithinHalfEpsilonAndNinetyPercentWithinNineTenths() {
        Case c = Case.of(tenClasses, Norm.LINF, 7);
        Attack square = Attacks.square(c.tm()).queries(1000);

        try (AttackResult result = c.attack(square)) {
            int[] predictions = Outcomes.predictions(tenClasses.classifier, result.adversarial());

            assertThat(c.survivorsCloserThan(0.5, predictions)).isEmpty();
            long inside = c.count(0, 0.9);
            long survivors = c.survivorsCloserThan(0.9, predictions).size();
            assertThat(survivors)
                    .as("survivors of %d samples within 0.9 eps", inside)
                    .isLessThanOrEqualTo(inside / 10);
            assertThat(c.brokenFartherThanEpsilon(predictions)).isEmpty();
            Invariants.assertInsideBallAndRange(
                    c.tm(), result.adversarial(), c.samples().inputs());
            Invariants.assertAttributionMatchesPredictions(
                    result, predictions, c.samples().labels(), square);
        }
    }

    @Test
    void crossEntropyAttacksOnGenericTenClassModelsMissSomeSamplesThatTargetedApgdFinds() {
        Case c = Case.of(tenClasses, Norm.LINF, 7);
        Attack pgd = Attacks.pgd(c.tm());
        Attack apgdT = Attacks.apgdDlr(c.tm()).earlyExit(true);

        try (AttackResult byPgd = c.attack(pgd);
                AttackResult byApgdT = c.attack(apgdT)) {
            int[] pgdPredictions = Outcomes.predictions(tenClasses.classifier, byPgd.adversarial());
            int[] apgdTPredictions = Outcomes.predictions(tenClasses.classifier, byApgdT.adversarial());

            assertThat(c.survivorsCloserThan(0.99, apgdTPredictions)).isEmpty();
            assertThat(c.survivorsCloserThan(0.99, pgdPredictions))
                    .as("PGD-CE follows the highest competing logit, not the nearest class")
                    .isNotEmpty();
            assertThat(c.survivorsCloserThan(0.75, pgdPredictions)).isEmpty();
        }
    }
}
