package io.robustunit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.attack.Apgd;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Pgd;
import io.robustunit.attack.Square;
import io.robustunit.threat.ThreatModel;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StandardAttacksTest {

    final StandardAttacks attacks = new StandardAttacks();

    static AttackSpec spec(String name, ThreatModel tm, Integer steps, Double stepSize) {
        return new AttackSpec(
                name,
                tm,
                steps == null ? OptionalInt.empty() : OptionalInt.of(steps),
                stepSize == null ? OptionalDouble.empty() : OptionalDouble.of(stepSize),
                7);
    }

    @Test
    void everyNameBuildsItsAttackWithTheGivenBudgetAndSeed() {
        ThreatModel tm = ThreatModel.linf(0.1);

        Pgd pgd = (Pgd) attacks.create(spec("pgd", tm, 40, 0.01));
        Apgd apgd = (Apgd) attacks.create(spec("apgd-ce", tm, 50, null));
        Apgd dlr = (Apgd) attacks.create(spec("apgd-dlr", tm, null, null));
        Square square = (Square) attacks.create(spec("square", tm, 300, null));
        Attack aa = attacks.create(spec("autoattack", tm, null, null));

        assertThat(pgd.steps()).isEqualTo(40);
        assertThat(pgd.stepSize()).isEqualTo(0.01);
        assertThat(pgd.seed()).isEqualTo(7);
        assertThat(apgd.iterations()).isEqualTo(50);
        assertThat(apgd.targeted()).isFalse();
        assertThat(dlr.targeted()).isTrue();
        assertThat(square.queries()).isEqualTo(300);
        assertThat(square.seed()).isEqualTo(7);
        assertThat(aa.name()).isEqualTo("AutoAttack");
        assertThat(aa.seed()).isEqualTo(7);
        assertThat(attacks.create(spec("fgsm", tm, null, null)).name()).isEqualTo("FGSM");
        assertThat(attacks.create(spec("fgsm", ThreatModel.l2(1), null, null)).name())
                .isEqualTo("FGM");
        assertThat(attacks.create(spec("pgd", tm, null, null)).threatModel()).isEqualTo(tm);
    }

    @Test
    void optionsThatDoNotApplyToAnAttackAreRejectedWithTheReason() {
        ThreatModel tm = ThreatModel.linf(0.1);

        assertThatThrownBy(() -> attacks.create(spec("fgsm", tm, 10, null)))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --steps does not apply to fgsm (a single step of size eps)");
        assertThatThrownBy(() -> attacks.create(spec("apgd-ce", tm, null, 0.1)))
                .hasMessage("option --step-size does not apply to apgd-ce (APGD adapts its step size)");
        assertThatThrownBy(() -> attacks.create(spec("autoattack", tm, 10, null)))
                .hasMessageContaining("option --steps does not apply to autoattack");
        assertThatThrownBy(() -> attacks.create(spec("square", ThreatModel.l2(1), null, null)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("attack square: ");
        assertThatThrownBy(() -> attacks.create(spec("cw", tm, null, null)))
                .hasMessageContaining("unknown attack 'cw'; use one of fgsm, pgd");
    }
}
