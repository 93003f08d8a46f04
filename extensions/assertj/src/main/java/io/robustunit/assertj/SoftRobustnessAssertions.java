package io.robustunit.assertj;

import io.robustunit.certify.CertificationReport;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.validity.ValidityReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.description.Description;
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
public class SoftRobustnessAssertions extends AbstractSoftAssertions {

    private final List<InvalidEvaluationError> invalid = Collections.synchronizedList(new ArrayList<>());

    public SoftRobustnessAssertions() {}

    /** Runs {@code gates} with fresh soft assertions, then {@link #assertAll()}. */
    public static void assertSoftly(Consumer<SoftRobustnessAssertions> gates) {
        SoftAssertionsProvider.assertSoftly(SoftRobustnessAssertions.class, gates);
    }

    @CheckReturnValue
    public ModelAssert assertThat(Classifier model) {
        return create(this, null, ModelAssert.class, Classifier.class, model);
    }

    @CheckReturnValue
    public RobustnessReportAssert assertThat(RobustnessReport report) {
        return create(this, null, RobustnessReportAssert.class, RobustnessReport.class, report);
    }

    @CheckReturnValue
    public RobustnessCurveAssert assertThat(RobustnessCurve curve) {
        return create(this, null, RobustnessCurveAssert.class, RobustnessCurve.class, curve);
    }

    @CheckReturnValue
    public CertificationAssert assertThat(CertificationReport certification) {
        return create(this, null, CertificationAssert.class, CertificationReport.class, certification);
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
     * A new assert: a soft proxy collecting into {@code soft} when it is set, a plain assert
     * otherwise; it carries the parent's description.
     */
    static <A extends AbstractAssert<A, T>, T> A create(
            SoftRobustnessAssertions soft, Description description, Class<A> type, Class<T> actualType, T actual) {
        A child = soft != null
                ? soft.proxy(type, actualType, actual)
                : construct(type, actualType).apply(actual);
        if (child instanceof AbstractAccuracyAssert<?, ?> gates) {
            gates.soft = soft;
        } else if (child instanceof RobustnessCurveAssert curve) {
            curve.soft = soft;
        } else if (child instanceof ModelAssert model) {
            model.soft = soft;
        } else if (child instanceof CertificationAssert certification) {
            certification.soft = soft;
        }
        if (description != null && !description.value().isEmpty()) {
            child = child.describedAs(description);
        }
        return child;
    }

    private static <A, T> Function<T, A> construct(Class<A> type, Class<T> actualType) {
        return value -> {
            try {
                return type.getConstructor(actualType).newInstance(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        type.getName() + " needs a public constructor taking " + actualType.getName(), e);
            }
        };
    }
}
