package io.robustunit.cli;

import io.robustunit.attack.Attack;
import java.util.List;

/** Turns an {@link AttackSpec} from the command line into an {@link Attack}. */
interface AttackCatalog {

    /** The attack names this factory knows, as typed on the command line. */
    List<String> names();

    /**
     * Creates the attack.
     *
     * @throws UsageException if the name is unknown or an option does not apply to the attack
     */
    Attack create(AttackSpec spec);
}
