package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.assertj.error.Formats;
import io.robustunit.assertj.error.GateSubject;
import io.robustunit.assertj.error.InvalidEvaluation;
import io.robustunit.assertj.error.WithRepairCommand;
import io.robustunit.eval.Proportion;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.Comparison;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.gate.Measurement;
import io.robustunit.gate.Requirement;
import io.robustunit.validity.ReportChecks;
import io.robustunit.validity.ValidityReport;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.util.CheckReturnValue;

/**
 * The gates shared by a whole evaluation ({@link RobustnessReportAssert}) and one class of it
 * ({@link ClassRobustnessAssert}). Every gate first checks that the evaluation can be trusted and
 * throws {@link InvalidEvaluationError} if not. Every gate publishes its outcome (pass, fail or
 * invalid) to the {@link GateListeners} before it returns or throws, for reports.
 *
 * @param <SELF> the assert type
 * @param <ACTUAL> what is checked
 */
@API(status = STABLE, since = "0.1")
public abstract class AbstractAccuracyAssert<SELF extends AbstractAccuracyAssert<SELF, ACTUAL>, ACTUAL>
        extends AbstractAssert<SELF, ACTUAL> {

    /** Confidence of the interval shown in messages when no {@link #withConfidence} is set. */
    public static final double DEFAULT_DISPLAYED_CONFIDENCE = 0.95;

    private final SoftRobustnessAssertions soft;
    private final RobustnessCurve curve;
    private double confidence;
    private ValidityReport knownFindings = ValidityReport.clean();

    protected AbstractAccuracyAssert(ACTUAL actual, Class<?> selfType) {
        this(new AssertContext.Chained<>(actual, AssertContext.STANDALONE), selfType);
    }

    /** An assert reached from another one: it takes over the collector, description, sweep and confidence. */
    protected AbstractAccuracyAssert(AssertContext.Chained<ACTUAL> chained, Class<?> selfType) {
        super(chained.actual(), selfType);
        AssertContext context = chained.context();
        this.soft = context.soft();
        this.curve = context.curve();
        this.confidence = context.confidence();
        context.describe(info);
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
    @CheckReturnValue
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
    @CheckReturnValue
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
        return check(AccuracyMetric.ROBUST_ACCURACY, threshold);
    }

    /** Share of images correct without attack must be at least {@code threshold}. */
    public SELF hasCleanAccuracyAtLeast(double threshold) {
        return check(AccuracyMetric.CLEAN_ACCURACY, threshold);
    }

    /**
     * Clean accuracy minus robust accuracy (the share of images the attack broke) must be at most
     * {@code maximum}.
     */
    public SELF hasAccuracyDropAtMost(double maximum) {
        return check(AccuracyMetric.ACCURACY_DROP, maximum);
    }

    /**
     * Share of clean-correct images that the attack broke must be at most {@code maximum}; fails if
     * no image is clean-correct (the rate is then undefined).
     */
    public SELF hasAttackSuccessRateAtMost(double maximum) {
        return check(AccuracyMetric.ATTACK_SUCCESS_RATE, maximum);
    }

    /**
     * The one template of every accuracy gate: validity first (invalid is neither pass nor fail),
     * then the metric's proportion, or its confidence bound, against the threshold; the outcome is
     * published either way.
     */
    private SELF check(AccuracyMetric metric, double threshold) {
        checkProportion(threshold, metric.thresholdName());
        isNotNull();
        Requirement requirement = requirement(metric.name(), metric.comparison(), threshold);
        String wording = metric.name() + " at " + (metric.comparison() == Comparison.AT_LEAST ? "least " : "most ")
                + Formats.decimal(threshold);
        if (!validFor(wording, requirement)) {
            return myself;
        }
        AccuracyMetric.Counts counts = new AccuracyMetric.Counts(samples(), cleanCorrect(), robust());
        int total = metric.total().of(counts);
        if (total == 0) {
            fail(requirement, null, metric.undefined().create(subject(), null, counts, threshold));
            return myself;
        }
        Measurement measured = Measurement.of(new Proportion(metric.count().of(counts), total), displayedConfidence());
        if (!requirement.isMetBy(metric.judged(measured, isConfident()))) {
            AccuracyMetric.Message message = isConfident() ? metric.confident() : metric.plain();
            fail(requirement, measured, message.create(subject(), measured, counts, threshold));
        }
        publish(requirement, GateStatus.PASS, measured, null);
        return myself;
    }

    /**
     * Whether the evaluation can be trusted; if not, publishes the gate of {@code requirement} (if
     * any) as invalid and throws {@link InvalidEvaluationError} (or, in soft assertions, records it
     * and returns false so the gate is skipped).
     *
     * @param gate the gate in words for the message, e.g. {@code robust accuracy at least 0.700}
     */
    boolean validFor(String gate, Requirement requirement) {
        ValidityReport findings = knownFindings.and(ReportChecks.defaults().check(report()));
        if (findings.isValid()) {
            return true;
        }
        String message = InvalidEvaluation.invalidEvaluation(subject(), gate, findings)
                .create(info.description(), info.representation());
        if (requirement != null) {
            publish(requirement, GateStatus.INVALID, null, message);
        }
        InvalidEvaluationError invalid = new InvalidEvaluationError(message, findings);
        if (soft != null) {
            soft.recordInvalid(invalid);
            return false;
        }
        throw invalid;
    }

    /** A requirement on {@code metric} of this assert's scope, described as e.g. {@code robust accuracy >= 0.700}. */
    Requirement requirement(String metric, Comparison comparison, double threshold) {
        String description = metric + scope() + " " + comparison.symbol() + " " + Formats.decimal(threshold)
                + (isConfident() ? " with " + Formats.percent(confidence) + " confidence" : "");
        return new Requirement(description, metric, comparison, threshold);
    }

    /** Publishes the gate as failed, then throws (or, in soft assertions, records) its assertion error. */
    void fail(Requirement requirement, Measurement measured, ErrorMessageFactory gateFailure) {
        ErrorMessageFactory failure = WithRepairCommand.of(gateFailure, report());
        publish(requirement, GateStatus.FAIL, measured, failure.create(info.description(), info.representation()));
        throwAssertionError(failure);
    }

    /** Publishes the gate's outcome; {@code measured} and {@code message} may be null. */
    void publish(Requirement requirement, GateStatus status, Measurement measured, String message) {
        GateListeners.publish(GateOutcome.builder()
                .requirement(requirement)
                .measurement(measured)
                .status(status)
                .message(withSilencedChecks(message))
                .report(report())
                .curve(curve)
                .build());
    }

    /** The message plus one line per deliberately silenced validity check, with its reason. */
    private String withSilencedChecks(String message) {
        String silenced = knownFindings.silencedSummary();
        if (silenced.isEmpty()) {
            return message;
        }
        return message == null ? silenced : message + "\n" + silenced;
    }

    /** What the gates reached from this assert (e.g. by {@code forClass}) take over. */
    AssertContext context() {
        return new AssertContext(soft, info.description(), curve, confidence);
    }

    /** The validity findings known so far beyond the report's own checks. */
    ValidityReport knownFindings() {
        return knownFindings;
    }

    boolean isConfident() {
        return !Double.isNaN(confidence);
    }

    double displayedConfidence() {
        return isConfident() ? confidence : DEFAULT_DISPLAYED_CONFIDENCE;
    }

    static void checkProportion(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
        }
    }
}
