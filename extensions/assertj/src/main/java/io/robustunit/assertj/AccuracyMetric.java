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
import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.gate.Comparison;
import io.robustunit.gate.Measurement;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * What one accuracy gate measures: a k-of-n proportion drawn from the counts of an evaluation, the
 * direction it is compared in, and the messages it fails with. {@link AbstractAccuracyAssert} runs
 * every metric through one template, so the four gates differ only here.
 *
 * @param name e.g. {@code robust accuracy}, also the published outcome's metric
 * @param comparison at least (accuracies) or at most (drop, success rate)
 * @param thresholdName what the threshold is called in argument errors
 * @param count k of the proportion
 * @param total n of the proportion; a metric whose n is zero is undefined and fails with {@code undefined}
 * @param plain the failure message without a confidence level
 * @param confident the failure message when the confidence bound misses the threshold
 * @param undefined the failure message when n is zero (only the attack success rate can have that)
 */
record AccuracyMetric(
        String name,
        Comparison comparison,
        String thresholdName,
        Count count,
        Count total,
        Message plain,
        Message confident,
        Message undefined) {

    /** The counts of the images a gate judges. */
    record Counts(int samples, int cleanCorrect, int robust) {}

    @FunctionalInterface
    interface Count {
        int of(Counts counts);
    }

    @FunctionalInterface
    interface Message {
        ErrorMessageFactory create(GateSubject subject, Measurement measured, Counts counts, double threshold);
    }

    static final AccuracyMetric ROBUST_ACCURACY = new AccuracyMetric(
            "robust accuracy",
            Comparison.AT_LEAST,
            "threshold",
            Counts::robust,
            Counts::samples,
            (s, r, c, t) -> shouldHaveRobustAccuracyAtLeast(s, r, t),
            (s, r, c, t) -> shouldHaveRobustAccuracyAtLeastWithConfidence(s, r, t),
            null);

    static final AccuracyMetric CLEAN_ACCURACY = new AccuracyMetric(
            "clean accuracy",
            Comparison.AT_LEAST,
            "threshold",
            Counts::cleanCorrect,
            Counts::samples,
            (s, r, c, t) -> shouldHaveCleanAccuracyAtLeast(s, r, t),
            (s, r, c, t) -> shouldHaveCleanAccuracyAtLeastWithConfidence(s, r, t),
            null);

    /** Clean minus robust accuracy: the share of images the attack broke. */
    static final AccuracyMetric ACCURACY_DROP = new AccuracyMetric(
            "accuracy drop",
            Comparison.AT_MOST,
            "maximum",
            c -> c.cleanCorrect() - c.robust(),
            Counts::samples,
            (s, r, c, t) -> shouldHaveAccuracyDropAtMost(s, r, c.cleanCorrect(), c.robust(), t),
            (s, r, c, t) -> shouldHaveAccuracyDropAtMostWithConfidence(s, r, c.cleanCorrect(), c.robust(), t),
            null);

    /** The share of clean-correct images the attack broke; undefined when none is clean-correct. */
    static final AccuracyMetric ATTACK_SUCCESS_RATE = new AccuracyMetric(
            "attack success rate",
            Comparison.AT_MOST,
            "maximum",
            c -> c.cleanCorrect() - c.robust(),
            Counts::cleanCorrect,
            (s, r, c, t) -> shouldHaveAttackSuccessRateAtMost(s, r, t),
            (s, r, c, t) -> shouldHaveAttackSuccessRateAtMostWithConfidence(s, r, t),
            (s, r, c, t) -> shouldHaveCleanCorrectImagesToAttack(s, c.samples(), t));

    /**
     * The value compared with the threshold: the proportion itself, or with a confidence level the
     * bound of its interval on the side that must clear the threshold (lower for "at least", upper
     * for "at most").
     */
    double judged(Measurement measured, boolean confident) {
        if (!confident) {
            return measured.value();
        }
        ConfidenceInterval interval = measured.interval().orElseThrow();
        return comparison == Comparison.AT_LEAST ? interval.lower() : interval.upper();
    }
}
