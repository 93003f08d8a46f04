package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.gate.Measurement;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/** Clean accuracy below the gate's threshold (or its lower confidence bound below it). */
@API(status = INTERNAL, since = "0.1")
public class ShouldHaveCleanAccuracyAtLeast extends GateMessages {

    /** {@code Expecting clean accuracy of M on N images to be at least 0.900 but was 0.832 (832/1000; 95% CI ...)}. */
    public static ErrorMessageFactory shouldHaveCleanAccuracyAtLeast(
            GateSubject subject, Measurement clean, double threshold) {
        return new ShouldHaveCleanAccuracyAtLeast(
                "Expecting clean accuracy of %s on %s to be at least %s but was %s",
                subject.model(), subject.population(), Formats.decimal(threshold), Formats.measured(clean));
    }

    /** The lower bound of the confidence interval must clear the threshold. */
    public static ErrorMessageFactory shouldHaveCleanAccuracyAtLeastWithConfidence(
            GateSubject subject, Measurement clean, double threshold) {
        String level = Formats.percent(Formats.intervalOf(clean).confidence());
        return new ShouldHaveCleanAccuracyAtLeast(
                "Expecting clean accuracy of %s on %s to be at least %s with %s confidence but the lower bound"
                        + " of its %s Clopper-Pearson interval was %s (clean accuracy %s)",
                subject.model(),
                subject.population(),
                Formats.decimal(threshold),
                level,
                level,
                Formats.decimal(Formats.intervalOf(clean).lower()),
                Formats.measured(clean));
    }

    private ShouldHaveCleanAccuracyAtLeast(String format, Object... arguments) {
        super(format, arguments);
    }
}
