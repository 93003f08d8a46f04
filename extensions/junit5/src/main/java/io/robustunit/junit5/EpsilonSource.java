package io.robustunit.junit5;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.threat.Norm;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a {@code @ParameterizedTest} once per radius, passing a
 * {@link io.robustunit.threat.ThreatModel}.
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @EpsilonSource(norm = Norm.LINF, values = {0.05, 0.1, 0.2})
 * void resistsPgd(ThreatModel threatModel) { ... }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(EpsilonArgumentsProvider.class)
@API(status = STABLE, since = "0.1")
public @interface EpsilonSource {

    /** The norm of every threat model. */
    Norm norm() default Norm.LINF;

    /** The radii, one test case each. */
    double[] values();

    /**
     * Smallest valid input value; by default (NaN) the threat model takes the model's range from its
     * {@code @TrainedModel} contract, so the range is declared once. A declared range must match the model's.
     */
    float min() default Float.NaN;

    /** Largest valid input value; NaN (the default) takes the model's. */
    float max() default Float.NaN;
}
