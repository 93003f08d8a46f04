package io.robustunit.assertj.error;

import org.assertj.core.error.ErrorMessageFactory;

/** Robust accuracy below the gate's threshold (or its lower confidence bound below it). */
public class ShouldHaveRobustAccuracyAtLeast extends GateMessages {

    /**
     * {@code Expecting robust accuracy of M under A on N images to be at least 0.700 but was 0.631
     * (631/1000; 95% CI 0.600-0.661)}.
     */
    public static ErrorMessageFactory shouldHaveRobustAccuracyAtLeast(
            GateSubject subject, Rate robust, double threshold) {
        return new ShouldHaveRobustAccuracyAtLeast(
                "Expecting robust accuracy of %s under %s on %s to be at least %s but was %s",
                subject.model(), subject.attack(), subject.population(), Rate.decimal(threshold), robust);
    }

    /** The lower bound of the confidence interval must clear the threshold. */
    public static ErrorMessageFactory shouldHaveRobustAccuracyAtLeastWithConfidence(
            GateSubject subject, Rate robust, double threshold) {
        String level = Rate.percent(robust.interval().confidence());
        return new ShouldHaveRobustAccuracyAtLeast(
                "Expecting robust accuracy of %s under %s on %s to be at least %s with %s confidence but the"
                        + " lower bound of its %s Clopper-Pearson interval was %s (robust accuracy %s)",
                subject.model(),
                subject.attack(),
                subject.population(),
                Rate.decimal(threshold),
                level,
                level,
                Rate.decimal(robust.interval().lower()),
                robust);
    }

    private ShouldHaveRobustAccuracyAtLeast(String format, Object... arguments) {
        super(format, arguments);
    }
}
