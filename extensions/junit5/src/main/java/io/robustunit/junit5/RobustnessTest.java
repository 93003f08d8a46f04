package io.robustunit.junit5;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class as a robustness test: its {@link TrainedModel} and {@link EvaluationData}
 * fields and parameters are injected, evaluations are cached per class, and its tests carry the tag
 * {@code robustness} (run or skip them with Surefire's {@code -Dgroups=robustness} /
 * {@code -DexcludedGroups=robustness}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("robustness")
@ExtendWith(RobustUnitExtension.class)
@API(status = STABLE, since = "0.1")
public @interface RobustnessTest {}
