package io.robustunit.cli;

import io.robustunit.threat.ThreatModel;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An attack as the command line describes it.
 *
 * @param name the attack's command-line name, e.g. {@code pgd}
 * @param threatModel norm and radius
 * @param steps iterations (queries for score-based attacks), if given
 * @param stepSize step size, if given
 * @param seed the attack's base seed
 */
record AttackSpec(String name, ThreatModel threatModel, OptionalInt steps, OptionalDouble stepSize, long seed) {

    public AttackSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(threatModel, "threatModel");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(stepSize, "stepSize");
    }
}
