package io.robustunit.junit5;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.attack.AttackFactory;
import io.robustunit.threat.Norm;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a {@code @ParameterizedTest} once per attack and radius, passing an
 * {@link io.robustunit.attack.Attack}: every factory is asked for an attack at every epsilon.
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @AttackSource(value = {Pgd20.class, Square1000.class}, norm = Norm.LINF, epsilons = 0.1)
 * void resists(Attack attack) {
 *     assertThat(model).on(test).underAttack(attack).hasRobustAccuracyAtLeast(0.5);
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(AttackArgumentsProvider.class)
@API(status = STABLE, since = "0.1")
public @interface AttackSource {

    /** The attacks, one test case each per radius. */
    Class<? extends AttackFactory>[] value();

    /** The norm of every threat model. */
    Norm norm() default Norm.LINF;

    /** The radii. */
    double[] epsilons();

    /**
     * Smallest valid input value; by default (NaN) the threat model takes the model's range from its
     * {@code @TrainedModel} contract, so the range is declared once. A declared range must match the model's.
     */
    float min() default Float.NaN;

    /** Largest valid input value; NaN (the default) takes the model's. */
    float max() default Float.NaN;
}
