package io.robustunit.cache;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.attack.Attack;
import io.robustunit.threat.Norm;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An attack as a value: its implementation, its threat model, its seed and its full description
 * (an {@link Attack}'s {@code toString()} states every setting by contract). Two attacks with
 * equal identities produce the same adversarial examples.
 *
 * @param type the attack's class name
 * @param norm the norm of the ball it searches
 * @param epsilon the ball's radius (exact, not as printed)
 * @param min the lowest input value
 * @param max the highest input value
 * @param seed its base seed
 * @param settings its description with every setting
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record AttackIdentity(String type, Norm norm, double epsilon, float min, float max, long seed, String settings) {

    public AttackIdentity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(settings, "settings");
    }

    /** The identity of {@code attack}. */
    public static AttackIdentity of(Attack attack) {
        Objects.requireNonNull(attack, "attack");
        var tm = attack.threatModel();
        return new AttackIdentity(
                attack.getClass().getName(),
                tm.norm(),
                tm.epsilon(),
                tm.min(),
                tm.max(),
                attack.seed(),
                attack.toString());
    }
}
