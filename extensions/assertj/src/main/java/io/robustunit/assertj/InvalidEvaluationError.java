package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.validity.ValidityReport;
import org.apiguardian.api.API;

/**
 * Thrown by a gate whose evaluation cannot be trusted: neither a pass nor a failure.
 *
 * <p>It extends {@link Error} and deliberately <em>not</em> {@link AssertionError}: test runners
 * then report the outcome apart from failed gates. JUnit marks the test failed with this exception;
 * Maven Surefire counts it under "Errors", not "Failures"; Allure shows it as "broken", not
 * "failed". The build fails either way, with a message that starts with
 * {@code Invalid robustness evaluation (neither pass nor fail)} and lists every finding. Being an
 * {@code Error}, it is not swallowed by {@code catch (Exception e)}.
 *
 * <p>Soft assertions ({@link SoftRobustnessAssertions}) collect invalid evaluations as well and
 * report them in {@code assertAll()} ahead of failed gates.
 */
@API(status = STABLE, since = "0.1")
public class InvalidEvaluationError extends Error {

    private static final long serialVersionUID = 1L;

    private final transient ValidityReport findings;

    public InvalidEvaluationError(String message, ValidityReport findings) {
        super(message);
        this.findings = findings;
    }

    /** Why the evaluation cannot be trusted. */
    public ValidityReport findings() {
        return findings;
    }
}
