package io.robustunit.assertj;

import static io.robustunit.assertj.error.ShouldHaveAccuracyDropAtMost.shouldHaveAccuracyDropAtMost;
import static io.robustunit.assertj.error.ShouldHaveAccuracyDropAtMost.shouldHaveAccuracyDropAtMostWithConfidence;
import static io.robustunit.assertj.error.ShouldHaveAttackSuccessRateAtMost.shouldHaveAttackSuccessRateAtMost;
import static io.robustunit.assertj.error.ShouldHaveAttackSuccessRateAtMost.shouldHaveAttackSuccessRateAtMostWithConfidence;
import static io.robustunit.assertj.error.ShouldHaveAttackSuccessRateAtMost.shouldHaveCleanCorrectImagesToAttack;
import static io.robustunit.assertj.error.ShouldHaveCleanAccuracyAtLeast.shouldHaveCleanAccuracyAtLeast;
import static io.robustunit.assertj.error.ShouldHaveCleanAccuracyAtLeast.shouldHaveCleanAccuracyAtLeastWithConfidence;
import static io.robustunit.assertj.error.ShouldHaveRobustAccuracyAtLeast.shouldHaveRobustAccuracyAtLeast;
import static io.robustunit.assertj.error.ShouldHaveRobustAccuracyAtLeast.shouldHaveRobustAccuracyAtLeastWithConfidence;

import io.robustunit.assertj.error.GateSubject;
import io.robustunit.assertj.error.InvalidEvaluation;
import io.robustunit.assertj.error.Rate;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.Comparison;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.validity.ReportChecks;
import io.robustunit.validity.ValidityReport;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The gates shared by a whole evaluation ({@link RobustnessReportAssert}) and one class of it
 * ({@link ClassRobustnessAssert}). Every gate first checks that the evaluation can be trusted and
 * throws {@link InvalidEvaluationError} if not. Every gate publishes its outcome (pass, fail or
 * invalid) to the {@link GateListeners} before it returns or throws, for reports.
 *
 * @param <SELF> the assert type
 * @param <ACTUAL> what is checked
 */
public abstract class AbstractAccuracyAssert<SELF extends AbstractAccuracyAssert<SELF, ACTUAL>, ACTUAL>
        extends AbstractAssert<SELF, ACTUAL> {

    /** Confidence of the interval shown in messages when no {@link #withConfidence} is set. */
    public static final double DEFAULT_DISPLAYED_CONFIDENCE = 0.95;

    double confidence = Double.NaN;
    ValidityReport knownFindings = ValidityReport.clean();
    SoftRobustnessAssertions soft;
    RobustnessCurve curve;

    protected AbstractAccuracyAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** The evaluation the numbers come from. */
    abstract RobustnessReport report();

    /** The model, attack and images, for messages. */
    abstract GateSubject subject();

    abstract int samples();

    abstract int cleanCorrect();

    abstract int robust();

    /** What the gates judge beyond the whole evaluation, for gate descriptions, e.g. {@code  of class 'Coat'}. */
    String scope() {
        return "";
    }

    /**
     * Makes the following gates statistical: an "at least" gate passes only if the lower bound of
     * the Clopper-Pearson interval at {@code level} clears the threshold, an "at most" gate only if
     * the upper bound stays within it.
     *
     * @param level e.g. {@code 0.95}
     */
    public SELF withConfidence(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95, was " + level);
        }
        this.confidence = level;
        return myself;
    }

    /**
     * Adds findings of validity checks run elsewhere (model checks, attack cross-checks, sweep
     * checks); any finding makes every gate an invalid evaluation.
     */
    public SELF withValidityFindings(ValidityReport findings) {
        this.knownFindings = knownFindings.and(findings);
        return myself;
    }

    /** Fails with {@link InvalidEvaluationError} if the evaluation cannot be trusted. */
    public SELF isValid() {
        isNotNull();
        validFor("valid evaluation", null);
        return myself;
    }

    /** Share of images correct both clean and under attack must be at least {@code threshold}. */
    public SELF hasRobustAccuracyAtLeast(double threshold) {
        checkRate(threshold, "threshold");
        isNotNull();
        GateSpec gate = gate("robust accuracy", Comparison.AT_LEAST, threshold);
        if (!validFor("robust accuracy at least " + Rate.decimal(threshold), gate)) {
            return myself;
        }
        Rate robust = Rate.of(robust(), samples(), displayedConfidence());
        if (isConfident() && robust.interval().lower() < threshold) {
            fail(gate, robust, shouldHaveRobustAccuracyAtLeastWithConfidence(subject(), robust, threshold));
        }
        if (!isConfident() && robust.value() < threshold) {
            fail(gate, robust, shouldHaveRobustAccuracyAtLeast(subject(), robust, threshold));
        }
        publish(gate, GateStatus.PASS, robust, null);
        return myself;
    }

    /** Share of images correct without attack must be at least {@code threshold}. */
    public SELF hasCleanAccuracyAtLeast(double threshold) {
        checkRate(threshold, "threshold");
        isNotNull();
        GateSpec gate = gate("clean accuracy", Comparison.AT_LEAST, threshold);
        if (!validFor("clean accuracy at least " + Rate.decimal(threshold), gate)) {
            return myself;
        }
        Rate clean = Rate.of(cleanCorrect(), samples(), displayedConfidence());
        if (isConfident() && clean.interval().lower() < threshold) {
            fail(gate, clean, shouldHaveCleanAccuracyAtLeastWithConfidence(subject(), clean, threshold));
        }
        if (!isConfident() && clean.value() < threshold) {
            fail(gate, clean, shouldHaveCleanAccuracyAtLeast(subject(), clean, threshold));
        }
        publish(gate, GateStatus.PASS, clean, null);
        return myself;
    }

    /**
     * Clean accuracy minus robust accuracy (the share of images the attack broke) must be at most
     * {@code maximum}.
     */
    public SELF hasAccuracyDropAtMost(double maximum) {
        checkRate(maximum, "maximum");
        isNotNull();
        GateSpec gate = gate("accuracy drop", Comparison.AT_MOST, maximum);
        if (!validFor("accuracy drop at most " + Rate.decimal(maximum), gate)) {
            return myself;
        }
        Rate drop = Rate.of(cleanCorrect() - robust(), samples(), displayedConfidence());
        if (isConfident() && drop.interval().upper() > maximum) {
            fail(gate, drop, shouldHaveAccuracyDropAtMostWithConfidence(subject(), drop, cleanCorrect(), robust(), maximum));
        }
        if (!isConfident() && drop.value() > maximum) {
            fail(gate, drop, shouldHaveAccuracyDropAtMost(subject(), drop, cleanCorrect(), robust(), maximum));
        }
        publish(gate, GateStatus.PASS, drop, null);
        return myself;
    }

    /**
     * Share of clean-correct images that the attack broke must be at most {@code maximum}; fails if
     * no image is clean-correct (the rate is then undefined).
     */
    public SELF hasAttackSuccessRateAtMost(double maximum) {
        checkRate(maximum, "maximum");
        isNotNull();
        GateSpec gate = gate("attack success rate", Comparison.AT_MOST, maximum);
        if (!validFor("attack success rate at most " + Rate.decimal(maximum), gate)) {
            return myself;
        }
        if (cleanCorrect() == 0) {
            fail(gate, null, shouldHaveCleanCorrectImagesToAttack(subject(), samples(), maximum));
            return myself;
        }
        Rate success = Rate.of(cleanCorrect() - robust(), cleanCorrect(), displayedConfidence());
        if (isConfident() && success.interval().upper() > maximum) {
            fail(gate, success, shouldHaveAttackSuccessRateAtMostWithConfidence(subject(), success, maximum));
        }
        if (!isConfident() && success.value() > maximum) {
            fail(gate, success, shouldHaveAttackSuccessRateAtMost(subject(), success, maximum));
        }
        publish(gate, GateStatus.PASS, success, null);
        return myself;
    }

    /**
     * Whether the evaluation can be trusted; if not, publishes the {@code outcome} gate (if any) as
     * invalid and throws {@link InvalidEvaluationError} (or, in soft assertions, records it and
     * returns false so the gate is skipped).
     */
    boolean validFor(String gate, GateSpec outcome) {
        ValidityReport findings = knownFindings.and(ReportChecks.defaults().check(report()));
        if (findings.isValid()) {
            return true;
        }
        String message = InvalidEvaluation.invalidEvaluation(subject(), gate, findings)
                .create(info.description(), info.representation());
        if (outcome != null) {
            publish(outcome, GateStatus.INVALID, null, message);
        }
        InvalidEvaluationError invalid = new InvalidEvaluationError(message, findings);
        if (soft != null) {
            soft.recordInvalid(invalid);
            return false;
        }
        throw invalid;
    }

    /** A gate on {@code metric} of this assert's scope, described as e.g. {@code robust accuracy >= 0.700}. */
    GateSpec gate(String metric, Comparison comparison, double threshold) {
        String description = metric + scope() + " " + comparison.symbol() + " " + Rate.decimal(threshold)
                + (isConfident() ? " with " + Rate.percent(confidence) + " confidence" : "");
        return new GateSpec(description, metric, comparison, threshold);
    }

    /** Publishes the gate as failed, then throws (or, in soft assertions, records) its assertion error. */
    void fail(GateSpec gate, Rate measured, ErrorMessageFactory failure) {
        publish(gate, GateStatus.FAIL, measured, failure.create(info.description(), info.representation()));
        throwAssertionError(failure);
    }

    void publish(GateSpec gate, GateStatus status, Rate measured, String message) {
        GateOutcome.Builder outcome = GateOutcome.builder()
                .description(gate.description())
                .metric(gate.metric())
                .comparison(gate.comparison())
                .threshold(gate.threshold())
                .status(status)
                .message(withSilencedChecks(message))
                .report(report())
                .curve(curve);
        if (measured != null) {
            outcome.measured(measured.successes(), measured.trials()).confidenceInterval(measured.interval());
        }
        GateListeners.publish(outcome.build());
    }

    /** The message plus one line per deliberately silenced validity check, with its reason. */
    private String withSilencedChecks(String message) {
        String silenced = knownFindings.silencedSummary();
        if (silenced.isEmpty()) {
            return message;
        }
        return message == null ? silenced : message + "\n" + silenced;
    }

    boolean isConfident() {
        return !Double.isNaN(confidence);
    }

    double displayedConfidence() {
        return isConfident() ? confidence : DEFAULT_DISPLAYED_CONFIDENCE;
    }

    static void checkRate(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
        }
    }
}
