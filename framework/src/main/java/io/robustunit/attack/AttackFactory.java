package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.threat.ThreatModel;
import org.apiguardian.api.API;

/**
 * An attack without its ball: builds the attack for a given threat model. Epsilon sweeps take one
 * (so no attack's own epsilon is silently replaced), and so does {@code @AttackSource}, which needs
 * implementations with a public no-argument constructor.
 *
 * <pre>{@code
 * AttackFactory pgd20 = tm -> Attacks.pgd(tm).steps(20);
 * evaluator.sweep(model, data, pgd20, ThreatModel.linf(0), 0.05, 0.1, 0.2);
 * }</pre>
 */
@FunctionalInterface
@API(status = STABLE, since = "0.1")
public interface AttackFactory {

    /** The attack against {@code threatModel}. */
    Attack create(ThreatModel threatModel) throws Exception;
}
