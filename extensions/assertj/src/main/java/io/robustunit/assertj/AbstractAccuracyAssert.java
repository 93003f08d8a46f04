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
import io.robustunit.eval.RobustnessReport;
import io.robustunit.sanity.ReportChecks;
import io.robustunit.sanity.SanityReport;
import org.assertj.core.api.AbstractAssert;

/**
 * The gates shared by a whole evaluation ({@link RobustnessReportAssert}) and one class of it
 * ({@link ClassRobustnessAssert}). Every gate first checks that the evaluation can be trusted and
 * throws {@link InvalidEvaluationError} if not.
 *
 * @param <SELF> the assert type
 * @param <ACTUAL> what is checked
 */
public abstract class AbstractAccuracyAssert<SELF extends AbstractAccuracyAssert<SELF, ACTUAL>, ACTUAL>
        extends AbstractAssert<SELF, ACTUAL> {

    /** Confidence of the interval shown in messages when no {@link #withConfidence} is set. */
    public static final double DEFAULT_DISPLAYED_CONFIDENCE = 0.95;

    double confidence = Double.NaN;
    SanityReport knownFindings = SanityReport.clean();
    SoftRobustnessAssertions soft;

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
    public SELF withValidityFindings(SanityReport findings) {
        this.knownFindings = knownFindings.and(findings);
        return myself;
    }

    /** Fails with {@link InvalidEvaluationError} if the evaluation cannot be trusted. */
    public SELF isTrustworthy() {
        isNotNull();
        trustworthyFor("trustworthy evaluation");
        return myself;
    }

    /** Share of images correct both clean and under attack must be at least {@code threshold}. */
    public SELF hasRobustAccuracyAtLeast(double threshold) {
        checkRate(threshold, "threshold");
        isNotNull();
        if (!trustworthyFor("robust accuracy at least " + Rate.decimal(threshold))) {
            return myself;
        }
        Rate robust = Rate.of(robust(), samples(), displayedConfidence());
        if (isConfident() && robust.interval().lower() < threshold) {
            throwAssertionError(shouldHaveRobustAccuracyAtLeastWithConfidence(subject(), robust, threshold));
        }
        if (!isConfident() && robust.value() < threshold) {
            throwAssertionError(shouldHaveRobustAccuracyAtLeast(subject(), robust, threshold));
        }
        return myself;
    }

    /** Share of images correct without attack must be at least {@code threshold}. */
    public SELF hasCleanAccuracyAtLeast(double threshold) {
        checkRate(threshold, "threshold");
        isNotNull();
        if (!trustworthyFor("clean accuracy at least " + Rate.decimal(threshold))) {
            return myself;
        }
        Rate clean = Rate.of(cleanCorrect(), samples(), displayedConfidence());
        if (isConfident() && clean.interval().lower() < threshold) {
            throwAssertionError(shouldHaveCleanAccuracyAtLeastWithConfidence(subject(), clean, threshold));
        }
        if (!isConfident() && clean.value() < threshold) {
            throwAssertionError(shouldHaveCleanAccuracyAtLeast(subject(), clean, threshold));
        }
        return myself;
    }

    /**
     * Clean accuracy minus robust accuracy (the share of images the attack broke) must be at most
     * {@code maximum}.
     */
    public SELF hasAccuracyDropAtMost(double maximum) {
        checkRate(maximum, "maximum");
        isNotNull();
        if (!trustworthyFor("accuracy drop at most " + Rate.decimal(maximum))) {
            return myself;
        }
        Rate drop = Rate.of(cleanCorrect() - robust(), samples(), displayedConfidence());
        if (isConfident() && drop.interval().upper() > maximum) {
            throwAssertionError(shouldHaveAccuracyDropAtMostWithConfidence(subject(), drop, cleanCorrect(), robust(), maximum));
        }
        if (!isConfident() && drop.value() > maximum) {
            throwAssertionError(shouldHaveAccuracyDropAtMost(subject(), drop, cleanCorrect(), robust(), maximum));
        }
        return myself;
    }

    /**
     * Share of clean-correct images that the attack broke must be at most {@code maximum}; fails if
     * no image is clean-correct (the rate is then undefined).
     */
    public SELF hasAttackSuccessRateAtMost(double maximum) {
        checkRate(maximum, "maximum");
        isNotNull();
        if (!trustworthyFor("attack success rate at most " + Rate.decimal(maximum))) {
            return myself;
        }
        if (cleanCorrect() == 0) {
            throwAssertionError(shouldHaveCleanCorrectImagesToAttack(subject(), samples(), maximum));
        }
        Rate success = Rate.of(cleanCorrect() - robust(), cleanCorrect(), displayedConfidence());
        if (isConfident() && success.interval().upper() > maximum) {
            throwAssertionError(shouldHaveAttackSuccessRateAtMostWithConfidence(subject(), success, maximum));
        }
        if (!isConfident() && success.value() > maximum) {
            throwAssertionError(shouldHaveAttackSuccessRateAtMost(subject(), success, maximum));
        }
        return myself;
    }

    /**
     * Whether the evaluation can be trusted; if not, throws {@link InvalidEvaluationError} (or, in
     * soft assertions, records it and returns false so the gate is skipped).
     */
    boolean trustworthyFor(String gate) {
        SanityReport findings = knownFindings.and(ReportChecks.defaults().check(report()));
        if (findings.isTrustworthy()) {
            return true;
        }
        String message = InvalidEvaluation.invalidEvaluation(subject(), gate, findings)
                .create(info.description(), info.representation());
        InvalidEvaluationError invalid = new InvalidEvaluationError(message, findings);
        if (soft != null) {
            soft.recordInvalid(invalid);
            return false;
        }
        throw invalid;
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
