package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.certify.CertificationReport;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import org.apiguardian.api.API;
import org.assertj.core.util.CheckReturnValue;

/**
 * Entry points of the robustness gates; import statically next to AssertJ's {@code Assertions}.
 *
 * <pre>{@code
 * import static io.robustunit.assertj.RobustnessAssertions.assertThat;
 *
 * assertThat(model).on(test).underAttack(pgd).hasRobustAccuracyAtLeast(0.7);
 * assertThat(report).withConfidence(0.95).hasRobustAccuracyAtLeast(0.6);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class RobustnessAssertions {

    private RobustnessAssertions() {}

    /** Gates that evaluate {@code model}: continue with {@code on(data).underAttack(attack)}. */
    @CheckReturnValue
    public static ModelAssert assertThat(Classifier model) {
        return new ModelAssert(model);
    }

    /** Gates on an evaluation already run. */
    @CheckReturnValue
    public static RobustnessReportAssert assertThat(RobustnessReport report) {
        return new RobustnessReportAssert(report);
    }

    /** Gates on an epsilon sweep already run. */
    @CheckReturnValue
    public static RobustnessCurveAssert assertThat(RobustnessCurve curve) {
        return new RobustnessCurveAssert(curve);
    }

    /** Gates on a randomized-smoothing certification already run. */
    @CheckReturnValue
    public static CertificationAssert assertThat(CertificationReport certification) {
        return new CertificationAssert(certification);
    }
}
