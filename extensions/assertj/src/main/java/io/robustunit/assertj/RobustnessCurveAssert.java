package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.assertj.error.GateSubject;
import io.robustunit.assertj.error.InvalidEvaluation;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.validity.SweepChecks;
import io.robustunit.validity.ValidityReport;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.util.CheckReturnValue;

/**
 * Gates on an epsilon sweep. The sweep is checked with {@link SweepChecks} (accuracy must not rise
 * with epsilon; a large L-inf radius must break the model); a gate on any point of an invalid
 * sweep is an {@link InvalidEvaluationError}.
 *
 * <pre>{@code
 * assertThat(curve).isValid().atEpsilon(0.1).hasRobustAccuracyAtLeast(0.5);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public class RobustnessCurveAssert extends AbstractAssert<RobustnessCurveAssert, RobustnessCurve> {

    private final SoftRobustnessAssertions soft;
    private ValidityReport knownFindings = ValidityReport.clean();

    public RobustnessCurveAssert(RobustnessCurve actual) {
        this(new AssertContext.Chained<>(actual, AssertContext.STANDALONE));
    }

    /** For soft assertions and chained gates: the sweep with what it inherits from its parent assert. */
    protected RobustnessCurveAssert(AssertContext.Chained<RobustnessCurve> chained) {
        super(chained.actual(), RobustnessCurveAssert.class);
        this.soft = chained.context().soft();
        chained.context().describe(info);
    }

    /** Adds findings of validity checks run elsewhere (e.g. model checks). */
    @CheckReturnValue
    public RobustnessCurveAssert withValidityFindings(ValidityReport findings) {
        this.knownFindings = knownFindings.and(findings);
        return myself;
    }

    /** Fails with {@link InvalidEvaluationError} if the sweep cannot be trusted. */
    public RobustnessCurveAssert isValid() {
        isNotNull();
        ValidityReport findings = findings();
        if (!findings.isValid()) {
            String message = InvalidEvaluation.invalidEvaluation(subject(), "valid epsilon sweep", findings)
                    .create(info.description(), info.representation());
            InvalidEvaluationError invalid = new InvalidEvaluationError(message, findings);
            if (soft == null) {
                throw invalid;
            }
            soft.recordInvalid(invalid);
        }
        return myself;
    }

    /** The gates on the report at {@code epsilon}; they also judge the whole sweep's validity. */
    @CheckReturnValue
    public RobustnessReportAssert atEpsilon(double epsilon) {
        isNotNull();
        RobustnessReport report = actual.at(epsilon);
        return AssertContext.handedOnBy(soft, info)
                .inSweep(actual)
                .create(RobustnessReportAssert.class, RobustnessReportAssert::new, report)
                .withValidityFindings(findings());
    }

    private ValidityReport findings() {
        return knownFindings.and(SweepChecks.defaults().check(actual));
    }

    private GateSubject subject() {
        RobustnessReport first = actual.reports().get(0);
        String radii = Arrays.stream(actual.epsilons())
                .mapToObj(e -> String.format(Locale.ROOT, "%.3f", e))
                .collect(Collectors.joining(", "));
        GateSubject base = GateSubject.of(first);
        return new GateSubject(
                base.model(), first.attackName() + " " + first.norm() + " sweep over eps " + radii, base.population());
    }
}
