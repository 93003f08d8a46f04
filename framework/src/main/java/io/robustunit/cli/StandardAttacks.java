package io.robustunit.cli;

import io.robustunit.attack.Attack;
import java.util.List;

/** The attacks RobustUnit ships, by command-line name. */
public final class StandardAttacks implements AttackFactory {

    private static final List<String> NAMES =
            List.of("fgsm", "pgd", "apgd-ce", "apgd-dlr", "square", "autoattack");

    @Override
    public List<String> names() {
        return NAMES;
    }

    @Override
    public Attack create(AttackSpec spec) {
        if (!NAMES.contains(spec.name())) {
            throw new UsageException("unknown attack '" + spec.name() + "'; use one of "
                    + String.join(", ", NAMES));
        }
        // Wired to io.robustunit.attack.Attacks once the attack package is merged.
        throw new UnsupportedOperationException(
                "attack '" + spec.name() + "' is not wired into the command line yet");
    }
}
