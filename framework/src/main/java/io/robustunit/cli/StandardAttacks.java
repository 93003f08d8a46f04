package io.robustunit.cli;

import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.threat.Norm;
import java.util.List;

/**
 * The attacks RobustUnit ships, by command-line name: {@code fgsm} (FGM for L2), {@code pgd},
 * {@code apgd-ce}, {@code apgd-dlr}, {@code square} and {@code autoattack}. {@code --steps} sets
 * PGD's steps, APGD's iterations and Square's queries; {@code --step-size} applies to PGD only.
 */
final class StandardAttacks implements AttackCatalog {

    private static final List<String> NAMES = List.of("fgsm", "pgd", "apgd-ce", "apgd-dlr", "square", "autoattack");

    @Override
    public List<String> names() {
        return NAMES;
    }

    @Override
    public Attack create(AttackSpec spec) {
        try {
            return switch (spec.name()) {
                case "fgsm" -> {
                    refuseSteps(spec, "a single step of size eps");
                    refuseStepSize(spec, "its step is eps");
                    yield spec.threatModel().norm() == Norm.LINF
                            ? Attacks.fgsm(spec.threatModel()).withSeed(spec.seed())
                            : Attacks.fgm(spec.threatModel()).withSeed(spec.seed());
                }
                case "pgd" -> {
                    var pgd = Attacks.pgd(spec.threatModel()).seed(spec.seed());
                    if (spec.steps().isPresent()) {
                        pgd = pgd.steps(spec.steps().getAsInt());
                    }
                    if (spec.stepSize().isPresent()) {
                        pgd = pgd.stepSize(spec.stepSize().getAsDouble());
                    }
                    yield pgd;
                }
                case "apgd-ce", "apgd-dlr" -> {
                    refuseStepSize(spec, "APGD adapts its step size");
                    var apgd = spec.name().equals("apgd-ce")
                            ? Attacks.apgdCe(spec.threatModel())
                            : Attacks.apgdDlr(spec.threatModel());
                    apgd = apgd.seed(spec.seed());
                    yield spec.steps().isPresent()
                            ? apgd.iterations(spec.steps().getAsInt())
                            : apgd;
                }
                case "square" -> {
                    refuseStepSize(spec, "Square samples its own square sizes");
                    var square = Attacks.square(spec.threatModel()).seed(spec.seed());
                    yield spec.steps().isPresent() ? square.queries(spec.steps().getAsInt()) : square;
                }
                case "autoattack" -> {
                    refuseSteps(spec, "the ensemble uses its members' standard budgets");
                    refuseStepSize(spec, "the ensemble uses its members' standard settings");
                    yield Attacks.autoAttack(spec.threatModel()).seed(spec.seed());
                }
                default ->
                    throw new UsageException(
                            "unknown attack '" + spec.name() + "'; use one of " + String.join(", ", NAMES));
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException("attack " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    private static void refuseSteps(AttackSpec spec, String why) {
        if (spec.steps().isPresent()) {
            throw new UsageException("option --steps does not apply to " + spec.name() + " (" + why + ")");
        }
    }

    private static void refuseStepSize(AttackSpec spec, String why) {
        if (spec.stepSize().isPresent()) {
            throw new UsageException("option --step-size does not apply to " + spec.name() + " (" + why + ")");
        }
    }
}
