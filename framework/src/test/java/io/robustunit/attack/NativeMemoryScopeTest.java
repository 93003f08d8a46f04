package io.robustunit.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.threat.ThreatModel;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Attacks scope their native memory: only the returned batch is left in the caller's manager. */
class NativeMemoryScopeTest {

    static final ThreatModel LINF = ThreatModel.linf(0.2).withInputRange(-10, 10);
    static final ThreatModel L2 = ThreatModel.l2(0.6).withInputRange(-10, 10);
    static AffineModel model;

    @BeforeAll
    static void setUp() {
        model = AffineModel.gaussian(4, 42);
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    static Stream<Attack> attacks() {
        return Stream.of(
                Attacks.pgd(LINF),
                Attacks.pgd(L2).randomStart(true).restarts(2).earlyExit(true),
                Attacks.fgsm(LINF),
                Attacks.fgm(L2),
                Attacks.apgdCe(LINF).iterations(20).earlyExit(true),
                Attacks.apgdDlr(L2).iterations(10),
                Attacks.square(LINF).queries(50),
                Attacks.autoAttack(LINF)
                        .members(
                                Attacks.apgdCe(LINF).iterations(5),
                                Attacks.square(LINF).queries(20)));
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void onlyTheAdversarialBatchIsAttachedToTheCallersManager(Attack attack) {
        try (NDManager caller = NDManager.newBaseManager()) {
            AffineModel.Samples s = model.samples(caller, 30, 8);
            float[] clean = s.inputs().toFloatArray();
            int before = caller.getManagedArrays().size();

            AttackResult result = attack.perturb(model.classifier, s.inputs(), s.labelArray());

            assertThat(caller.getManagedArrays()).hasSize(before + 1).anyMatch(a -> a == result.adversarial());
            assertThat(result.adversarial().getManager()).isSameAs(caller);
            assertThat(result.adversarial().getShape()).isEqualTo(new Shape(30, 1, 4, 5));
            assertThat(s.inputs().toFloatArray()).as("inputs untouched").containsExactly(clean);
            NDArray adversarial = result.adversarial();
            result.close();
            assertThat(caller.getManagedArrays()).hasSize(before).noneMatch(a -> a == adversarial);
        }
    }
}
