package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.gate.Measurement;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * An attack that costs more accuracy than allowed. The drop, clean minus robust accuracy, is the
 * share of images the attack broke, so it is a proportion with its own exact interval.
 */
@API(status = INTERNAL, since = "0.1")
public class ShouldHaveAccuracyDropAtMost extends GateMessages {

    /**
     * {@code Expecting accuracy drop of M under A on N images to be at most 0.100 but was 0.274
     * (274/1000 images broken; 95% CI 0.247-0.302): clean accuracy 0.905 (905/1000), robust accuracy
     * 0.631 (631/1000)}.
     */
    public static ErrorMessageFactory shouldHaveAccuracyDropAtMost(
            GateSubject subject, Measurement drop, int cleanCorrect, int robust, double maximum) {
        return new ShouldHaveAccuracyDropAtMost(
                "Expecting accuracy drop of %s under %s on %s to be at most %s but was %s: clean accuracy %s, robust accuracy %s",
                subject.model(),
                subject.attack(),
                subject.population(),
                Formats.decimal(maximum),
                brokenText(drop),
                fraction(cleanCorrect, total(drop)),
                fraction(robust, total(drop)));
    }

    /** The upper bound of the confidence interval must stay within the maximum. */
    public static ErrorMessageFactory shouldHaveAccuracyDropAtMostWithConfidence(
            GateSubject subject, Measurement drop, int cleanCorrect, int robust, double maximum) {
        String level = Formats.percent(Formats.intervalOf(drop).confidence());
        return new ShouldHaveAccuracyDropAtMost(
                "Expecting accuracy drop of %s under %s on %s to be at most %s with %s confidence but the upper"
                        + " bound of its %s Clopper-Pearson interval was %s (drop %s: clean accuracy %s, robust accuracy %s)",
                subject.model(),
                subject.attack(),
                subject.population(),
                Formats.decimal(maximum),
                level,
                level,
                Formats.decimal(Formats.intervalOf(drop).upper()),
                brokenText(drop),
                fraction(cleanCorrect, total(drop)),
                fraction(robust, total(drop)));
    }

    private static String brokenText(Measurement drop) {
        return Formats.counted(drop, "/", " images broken");
    }

    private static int total(Measurement drop) {
        return drop.proportion().orElseThrow().total();
    }

    private static String fraction(int count, int total) {
        return Formats.decimal((double) count / total) + " (" + count + "/" + total + ")";
    }

    private ShouldHaveAccuracyDropAtMost(String format, Object... arguments) {
        super(format, arguments);
    }
}
