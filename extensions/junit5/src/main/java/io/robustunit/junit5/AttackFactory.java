package io.robustunit.junit5;

import io.robustunit.attack.Attack;
import io.robustunit.threat.ThreatModel;

/**
 * Builds an attack for a threat model, for {@link AttackSource}. Implementations need a public
 * no-argument constructor.
 *
 * <pre>{@code
 * public class Pgd20 implements AttackFactory {
 *     public Attack create(ThreatModel threatModel) {
 *         return Attacks.pgd(threatModel).steps(20);
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface AttackFactory {

    /** The attack against {@code threatModel}. */
    Attack create(ThreatModel threatModel) throws Exception;
}
