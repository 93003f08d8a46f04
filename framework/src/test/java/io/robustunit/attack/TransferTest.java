package io.robustunit.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputContract;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.ThreatModel;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transfer attack and the gradient check: crafting on a twin and scoring on a forward-only
 * model reproduces the white-box attack on the twin; a gradient attack on a forward-only model
 * fails before any work with a message naming Square and the transfer attack.
 */
class TransferTest {

    static AffineModel twin;
    static AffineModel shipped;
    static AffineModel other;
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        twin = AffineModel.gaussian(10, 42);
        shipped = AffineModel.gaussian(10, 42); // same weights: the exported twin
        other = AffineModel.gaussian(4, 42);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
        twin.close();
        shipped.close();
        other.close();
    }

    /** A model that, like ONNX Runtime, computes logits only. */
    record ForwardOnly(Classifier inner) implements Classifier {
        @Override
        public String name() {
            return "shipped.onnx";
        }

        @Override
        public InputContract contract() {
            return inner.contract();
        }

        @Override
        public Device device() {
            return inner.device();
        }

        @Override
        public NDArray logits(NDArray inputs) {
            return inner.logits(inputs);
        }

        @Override
        public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
            throw new AssertionError("a forward-only model was asked for a gradient");
        }

        @Override
        public boolean hasInputGradients() {
            return false;
        }

        @Override
        public String runtime() {
            return "ONNX Runtime";
        }

        @Override
        public void close() {}
    }

    static ThreatModel tm() {
        return ThreatModel.linf(0.05).withInputRange(-10, 10);
    }

    @Test
    void transferFromAnIdenticalTwinMatchesTheWhiteBoxAttack() {
        AffineModel.Samples s = twin.samples(manager, 100, 5);
        Pgd pgd = Attacks.pgd(tm()).steps(10);
        Classifier target = new ForwardOnly(shipped.classifier);
        Transfer transfer = Attacks.transfer(pgd, twin.classifier);
        try (AttackResult white = pgd.perturb(twin.classifier, s.inputs(), s.labelArray());
                AttackResult moved = transfer.perturb(target, s.inputs(), s.labelArray())) {
            assertThat(white.robustCount()).isLessThan(100).isGreaterThan(0);
            assertThat(moved.robustCount()).isEqualTo(white.robustCount());
            float[] a = white.adversarial().toFloatArray();
            float[] b = moved.adversarial().toFloatArray();
            assertThat(b).containsExactly(a);
            String[] by = moved.brokenBy();
            for (int i = 0; i < by.length; i++) {
                assertThat(by[i] == null).as("sample %d", i).isEqualTo(!white.isBroken(i));
                if (by[i] != null) {
                    assertThat(by[i]).isEqualTo(transfer.toString());
                }
            }
        }
        assertThat(transfer.toString()).startsWith("Transfer(PGD(").contains(" on gaussian-affine-10 in memory @");
        assertThat(transfer.needsGradients()).isFalse();
    }

    @Test
    void samplesTheTargetGetsWrongAreReturnedUnchanged() {
        AffineModel.Samples s = twin.samples(manager, 20, 6);
        int[] labels = s.labels().clone();
        labels[0] = (labels[0] + 1) % 10;
        NDArray y = manager.create(labels);
        try (AttackResult r = Attacks.transfer(Attacks.fgsm(tm()), twin.classifier)
                .perturb(new ForwardOnly(shipped.classifier), s.inputs(), y)) {
            assertThat(r.brokenBy()[0]).isEqualTo(AttackResult.MISCLASSIFIED_CLEAN);
            float[] x = s.inputs().toFloatArray();
            float[] adv = r.adversarial().toFloatArray();
            for (int d = 0; d < AffineModel.DIM; d++) {
                assertThat(adv[d]).isEqualTo(x[d]);
            }
            double maxDelta = 0;
            for (int k = 0; k < x.length; k++) {
                maxDelta = Math.max(maxDelta, Math.abs(adv[k] - x[k]));
            }
            assertThat(maxDelta).isLessThanOrEqualTo(0.05 + 1e-6).isGreaterThan(0.04);
        }
    }

    @Test
    void aGradientAttackOnAForwardOnlyModelFailsAtOnceNamingTheAlternatives() {
        AffineModel.Samples s = twin.samples(manager, 4, 7);
        Classifier target = new ForwardOnly(shipped.classifier);
        for (Attack attack :
                new Attack[] {Attacks.pgd(tm()), Attacks.fgsm(tm()), Attacks.apgdCe(tm()), Attacks.autoAttack(tm())}) {
            assertThatThrownBy(() -> attack.perturb(target, s.inputs(), s.labelArray()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(attack.name() + " needs input gradients")
                    .hasMessageContaining("shipped.onnx runs on ONNX Runtime")
                    .hasMessageContaining("Square")
                    .hasMessageContaining("Attacks.transfer")
                    .hasMessageContaining("--transfer-from");
        }
        try (AttackResult r = Attacks.square(tm()).queries(5).perturb(target, s.inputs(), s.labelArray())) {
            assertThat(r.size()).isEqualTo(4);
        }
    }

    @Test
    void aTwinThatDoesNotFitOrGivesNoGradientsIsRejected() {
        AffineModel.Samples s = twin.samples(manager, 4, 8);
        Transfer wrongClasses = Attacks.transfer(Attacks.fgsm(tm()), other.classifier);
        assertThatThrownBy(() -> wrongClasses.perturb(shipped.classifier, s.inputs(), s.labelArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit the model under test")
                .hasMessageContaining("4 classes");
        assertThatThrownBy(() -> Attacks.transfer(Attacks.pgd(tm()), new ForwardOnly(twin.classifier)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gives no input gradients")
                .hasMessageContaining("TorchScript twin");
    }

    @Test
    void settingsFollowTheSourceAttack() {
        Transfer t = Attacks.transfer(Attacks.pgd(tm()).seed(4), twin.classifier);
        assertThat(t.seed()).isEqualTo(4);
        assertThat(t.withSeed(9).source().seed()).isEqualTo(9);
        assertThat(t.withThreatModel(tm().withEpsilon(0.1)).threatModel().epsilon())
                .isEqualTo(0.1);
        assertThat(t.sourceModel()).isSameAs(twin.classifier);
    }
}
