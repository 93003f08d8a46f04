package io.robustunit.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.robustunit.model.ModelContractException;
import io.robustunit.threat.ThreatModel;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Descriptions, immutability and the validation of settings and batches. */
class AttackSettingsTest {

    static final ThreatModel TM = ThreatModel.linf(0.1);
    static AffineModel model;
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        model = AffineModel.gaussian(10, 1);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
        model.close();
    }

    @Test
    void toStringStatesEverySetting() {
        assertThat(Attacks.pgd(TM).steps(20).stepSize(0.01).randomStart(true).seed(0))
                .hasToString("PGD(Linf eps=0.100, 20 steps, step 0.010, random start, 1 restart, seed 0)");
        assertThat(Attacks.pgd(ThreatModel.l2(1.5)).restarts(3).earlyExit(false).seed(7))
                .hasToString("PGD(L2 eps=1.500, 20 steps, step 0.1875, clean start then random, 3 restarts, seed 7,"
                        + " every step for every sample)");
        assertThat(Attacks.pgd(TM).earlyExit()).isTrue();
        assertThat(Attacks.fgsm(TM)).hasToString("FGSM(Linf eps=0.100)");
        assertThat(Attacks.fgm(ThreatModel.l2(2))).hasToString("FGM(L2 eps=2.000)");
        assertThat(Attacks.apgdCe(TM)).hasToString("APGD-CE(Linf eps=0.100, CE, 100 iterations, 1 restart, seed 0)");
        assertThat(Attacks.apgdDlr(TM).targetClasses(3).restarts(2))
                .hasToString("APGD-T(Linf eps=0.100, DLR, top-3 target classes, 100 iterations, 2 restarts, seed 0)");
        assertThat(Attacks.square(TM).queries(1000))
                .hasToString("Square(Linf eps=0.100, 1000 queries, p_init 0.800, seed 0)");
        assertThat(Attacks.autoAttack(TM).toString())
                .startsWith(
                        "AutoAttack(Linf eps=0.100: APGD-CE(Linf eps=0.100, CE, 100 iterations, 1 restart, seed 0, early exit), APGD-T(")
                .endsWith("Square(Linf eps=0.100, 1000 queries, p_init 0.800, seed 0))");
    }

    @Test
    void settersReturnNewAttacksAndTheDefaultStepSizeFollowsEpsilon() {
        Pgd pgd = Attacks.pgd(TM);
        Pgd changed = pgd.steps(10).randomStart(true).seed(3);
        assertThat(pgd.steps()).isEqualTo(20);
        assertThat(pgd.randomStart()).isFalse();
        assertThat(pgd.seed()).isZero();
        assertThat(changed.steps()).isEqualTo(10);
        assertThat(pgd.stepSize()).isEqualTo(2.5 * 0.1 / 20);
        assertThat(pgd.withThreatModel(ThreatModel.linf(0.2)).stepSize()).isEqualTo(2.5 * 0.2 / 20);
        assertThat(pgd.stepSize(0.01).withThreatModel(ThreatModel.linf(0.2)).stepSize())
                .isEqualTo(0.01);
    }

    static void assertRejected(ThrowingCallable call, String... fragments) {
        var assertion = assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
        for (String f : fragments) {
            assertion.hasMessageContaining(f);
        }
    }

    @Test
    void invalidSettingsNameTheParameterAndTheValidRange() {
        assertRejected(() -> Attacks.pgd(TM).steps(0), "steps", ">= 1", "was 0");
        assertRejected(() -> Attacks.pgd(TM).stepSize(0), "stepSize", "> 0", "was 0.0");
        assertRejected(() -> Attacks.pgd(TM).stepSize(Double.NaN), "stepSize", "> 0");
        assertRejected(() -> Attacks.pgd(TM).restarts(0), "restarts", ">= 1");
        assertRejected(() -> Attacks.apgdCe(TM).iterations(0), "iterations", ">= 1");
        assertRejected(() -> Attacks.apgdDlr(TM).targetClasses(0), "targetClasses", ">= 1");
        assertRejected(() -> Attacks.apgdCe(TM).targetClasses(3), "targetClasses", "Attacks.apgdDlr");
        assertRejected(() -> Attacks.square(TM).queries(0), "queries", ">= 1");
        assertRejected(() -> Attacks.square(TM).pInit(1.5), "pInit", "(0, 1]");
        assertRejected(() -> Attacks.pgd(null), "threatModel", "null");
    }

    @Test
    void aNormTheAttackDoesNotSupportIsRejected() {
        ThreatModel l2 = ThreatModel.l2(1);
        assertRejected(() -> Attacks.fgsm(l2), "FGSM", "norm", "[Linf]", "was L2");
        assertRejected(() -> Attacks.fgm(TM), "FGM", "[L2]", "was Linf");
        assertRejected(() -> Attacks.square(l2), "Square", "[Linf]", "was L2");
        assertRejected(() -> Attacks.square(TM).withThreatModel(l2), "Square", "was L2");
    }

    @Test
    void labelsOutsideTheClassesAreRejected() {
        AffineModel.Samples s = model.samples(manager, 5, 1);
        ThreatModel tm = TM.withInputRange(-10, 10);
        try (NDArray bad = manager.create(new int[] {0, 1, 2, 10, 4});
                NDArray negative = manager.create(new int[] {0, -1, 2, 3, 4});
                NDArray tooFew = manager.create(new int[] {0, 1});
                NDArray floats = manager.create(new float[] {0, 1, 2, 3, 4})) {
            assertRejected(
                    () -> Attacks.pgd(tm).perturb(model.classifier, s.inputs(), bad),
                    "label 10 of sample 3",
                    "[0, 10)");
            assertRejected(
                    () -> Attacks.square(tm).perturb(model.classifier, s.inputs(), negative),
                    "label -1 of sample 1",
                    "[0, 10)");
            assertRejected(
                    () -> Attacks.pgd(tm).perturb(model.classifier, s.inputs(), tooFew), "labels must have shape (5)");
            assertRejected(() -> Attacks.pgd(tm).perturb(model.classifier, s.inputs(), floats), "integer", "float32");
        }
    }

    @Test
    void theThreatModelsRangeMustFitTheModelAndTheInputs() {
        AffineModel.Samples s = model.samples(manager, 5, 1);
        assertRejected(
                () -> Attacks.pgd(TM.withInputRange(-20, 20)).perturb(model.classifier, s.inputs(), s.labelArray()),
                "[-20.0, 20.0]",
                "differs from model",
                "[-10.0, 10.0]");
        assertRejected(
                () -> Attacks.pgd(TM).perturb(model.classifier, s.inputs(), s.labelArray()),
                "(the default, none was declared) differs from model",
                "withInputRange(-10.0f, 10.0f)");
    }

    @Test
    void targetedDlrNeedsFourClasses() {
        try (AffineModel three = AffineModel.gaussian(3, 1)) {
            AffineModel.Samples s = three.samples(manager, 5, 1);
            assertRejected(
                    () -> Attacks.apgdDlr(TM.withInputRange(-10, 10))
                            .perturb(three.classifier, s.inputs(), s.labelArray()),
                    "at least 4 classes",
                    "has 3",
                    "Attacks.apgdCe");
        }
    }

    @Test
    void nanLogitsFailNamingTheAttackAndTheBatch() {
        try (AffineModel broken = AffineModel.withNaNWeight(4)) {
            AffineModel.Samples s = broken.samples(manager, 5, 1);
            for (Attack attack :
                    new Attack[] {Attacks.pgd(TM.withInputRange(-10, 10)), Attacks.square(TM.withInputRange(-10, 10))
                    }) {
                assertThatThrownBy(() -> attack.perturb(
                                broken.classifier, s.inputs(), s.labelArray(), new int[] {1234, 1235, 1236, 1237, 1238
                                }))
                        .isInstanceOf(ModelContractException.class)
                        .hasMessageContaining(attack.toString())
                        .hasMessageContaining("batch of dataset indices [1234..1238] (5 samples)")
                        .hasMessageContaining("NaN or infinite logits");
            }
        }
    }

    @Test
    void squareNeedsImageShapedInputs() {
        assertThat(Square.p(0.8, 0, 1000)).isEqualTo(0.8);
        assertThat(Square.p(0.8, 2, 1000)).isEqualTo(0.4);
        assertThat(Square.p(0.8, 6, 1000)).isEqualTo(0.2);
        assertThat(Square.p(0.8, 999, 1000)).isEqualTo(0.8 / 512);
        assertThat(Square.p(0.8, 50, 100)).isEqualTo(0.8 / 128);
    }

    @Test
    void theTwoFormsOfEachLossAgree() {
        float[] logits = {1.5f, -0.3f, 2.2f, 0.7f, 0.1f, -2f, 3f, 1f};
        try (NDArray z = manager.create(logits, new ai.djl.ndarray.types.Shape(2, 4));
                NDArray labels =
                        manager.create(new float[] {0, 1, 0, 0, 0, 0, 0, 1}, new ai.djl.ndarray.types.Shape(2, 4));
                NDArray targets =
                        manager.create(new float[] {0, 0, 1, 0, 0, 0, 1, 0}, new ai.djl.ndarray.types.Shape(2, 4))) {
            LogitRows rows = new LogitRows(logits, 4);
            float[] ce = Loss.CROSS_ENTROPY.perSample(z, labels, null).toFloatArray();
            float[] dlr = Loss.TARGETED_DLR.perSample(z, labels, targets).toFloatArray();
            int[] y = {1, 3};
            int[] t = {2, 2};
            for (int i = 0; i < 2; i++) {
                assertThat((double) ce[i])
                        .isCloseTo(
                                Loss.CROSS_ENTROPY.value(rows, i, y[i], -1),
                                org.assertj.core.api.Assertions.within(1e-5));
                assertThat((double) dlr[i])
                        .isCloseTo(
                                Loss.TARGETED_DLR.value(rows, i, y[i], t[i]),
                                org.assertj.core.api.Assertions.within(1e-5));
            }
            assertThat(rows.margin(0, 1)).isCloseTo(-0.3 - 2.2, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(DataType.INT32.isInteger()).isTrue();
        }
    }
}
