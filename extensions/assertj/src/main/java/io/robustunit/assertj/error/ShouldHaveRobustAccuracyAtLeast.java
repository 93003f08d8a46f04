package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.gate.Measurement;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/** Robust accuracy below the gate's threshold (or its lower confidence bound below it). */
@API(status = INTERNAL, since = "0.1")
public class ShouldHaveRobustAccuracyAtLeast extends GateMessages {

    /**
     * {@code Expecting robust accuracy of M under A on N images to be at least 0.700 but was 0.631
     * (631/1000; 95% CI 0.600-0.661)}.
     */
    public static ErrorMessageFactory shouldHaveRobustAccuracyAtLeast(
            GateSubject subject, Measurement robust, double threshold) {
        return new ShouldHaveRobustAccuracyAtLeast(
                "Expecting robust accuracy of %s under %s on %s to be at least %s but was %s",
                subject.model(),
                subject.attack(),
                subject.population(),
                Formats.decimal(threshold),
                Formats.measured(robust));
    }

    /** The lower bound of the confidence interval must clear the threshold. */
    public static ErrorMessageFactory shouldHaveRobustAccuracyAtLeastWithConfidence(
            GateSubject subject, Measurement robust, double threshold) {
        String level = Formats.percent(Formats.intervalOf(robust).confidence());
        return new ShouldHaveRobustAccuracyAtLeast(
                "Expecting robust accuracy of %s under %s on %s to be at least %s with %s confidence but the"
                        + " lower bound of its %s Clopper-Pearson interval was %s (robust accuracy %s)",
                subject.model(),
                subject.attack(),
                subject.population(),
                Formats.decimal(threshold),
                level,
                level,
                Formats.decimal(Formats.intervalOf(robust).lower()),
                Formats.measured(robust));
    }

    private ShouldHaveRobustAccuracyAtLeast(String format, Object... arguments) {
        super(format, arguments);
    }
}
