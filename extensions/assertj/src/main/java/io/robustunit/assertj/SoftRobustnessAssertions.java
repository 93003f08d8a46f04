package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.certify.CertificationReport;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.validity.ValidityReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.util.CheckReturnValue;

/**
 * Soft robustness gates: every failed gate is collected and reported together by
 * {@link #assertAll()}, so one CI run lists every gate a model misses.
 *
 * <pre>{@code
 * SoftRobustnessAssertions softly = new SoftRobustnessAssertions();
 * softly.assertThat(model).on(test).underAttack(pgd)
 *         .hasRobustAccuracyAtLeast(0.7)
 *         .hasCleanAccuracyAtLeast(0.9)
 *         .forClass("Shirt").hasRobustAccuracyAtLeast(0.4);
 * softly.assertAll();
 * }</pre>
 *
 * <p>An evaluation that cannot be trusted skips its gates and is collected too; {@code assertAll()}
 * then throws {@link InvalidEvaluationError} (with the failed gates attached as suppressed errors)
 * rather than an assertion error, so the outcome stays "invalid", not "failed".
 */
@API(status = STABLE, since = "0.1")
public class SoftRobustnessAssertions extends AbstractSoftAssertions {

    private final List<InvalidEvaluationError> invalid = Collections.synchronizedList(new ArrayList<>());

    public SoftRobustnessAssertions() {}

    /** Runs {@code gates} with fresh soft assertions, then {@link #assertAll()}. */
    public static void assertSoftly(Consumer<SoftRobustnessAssertions> gates) {
        SoftAssertionsProvider.assertSoftly(SoftRobustnessAssertions.class, gates);
    }

    @CheckReturnValue
    public ModelAssert assertThat(Classifier model) {
        return AssertContext.softly(this).create(ModelAssert.class, ModelAssert::new, model);
    }

    @CheckReturnValue
    public RobustnessReportAssert assertThat(RobustnessReport report) {
        return AssertContext.softly(this).create(RobustnessReportAssert.class, RobustnessReportAssert::new, report);
    }

    @CheckReturnValue
    public RobustnessCurveAssert assertThat(RobustnessCurve curve) {
        return AssertContext.softly(this).create(RobustnessCurveAssert.class, RobustnessCurveAssert::new, curve);
    }

    @CheckReturnValue
    public CertificationAssert assertThat(CertificationReport certification) {
        return AssertContext.softly(this).create(CertificationAssert.class, CertificationAssert::new, certification);
    }

    /** The invalid evaluations collected so far. */
    public List<InvalidEvaluationError> invalidEvaluations() {
        synchronized (invalid) {
            return List.copyOf(invalid);
        }
    }

    /**
     * Throws {@link InvalidEvaluationError} if any evaluation was invalid (failed gates attached as
     * suppressed), otherwise AssertJ's multiple-failures error if any gate failed.
     */
    @Override
    public void assertAll() {
        List<InvalidEvaluationError> found = invalidEvaluations();
        if (found.isEmpty()) {
            super.assertAll();
            return;
        }
        InvalidEvaluationError error = found.size() == 1 ? found.get(0) : combine(found);
        for (Throwable failed : errorsCollected()) {
            error.addSuppressed(failed);
        }
        throw error;
    }

    private static InvalidEvaluationError combine(List<InvalidEvaluationError> found) {
        ValidityReport findings = ValidityReport.clean();
        for (InvalidEvaluationError e : found) {
            findings = findings.and(e.findings());
        }
        String messages = found.stream()
                .map(Throwable::getMessage)
                .collect(Collectors.joining(System.lineSeparator() + System.lineSeparator()));
        return new InvalidEvaluationError(
                found.size() + " invalid robustness evaluations (neither pass nor fail):" + System.lineSeparator()
                        + messages,
                findings);
    }

    void recordInvalid(InvalidEvaluationError e) {
        invalid.add(e);
    }

    /**
     * A soft proxy of {@code type} built by its one-argument constructor taking {@code argument}:
     * AssertJ's proxy calls the constructor whose parameter type it is given, which need not be the
     * assert's actual type. Ours is an {@link AssertContext.Chained} (or another carrier of the
     * actual with its context), so the collector and description arrive through the constructor.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <A> A proxyConstructedWith(Class<A> type, Class<?> parameterType, Object argument) {
        return (A) proxy((Class) type, (Class) parameterType, argument);
    }
}
