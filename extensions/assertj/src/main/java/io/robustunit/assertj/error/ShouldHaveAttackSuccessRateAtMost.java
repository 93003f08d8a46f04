package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.gate.Measurement;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * An attack that succeeds too often on the images the model got right (or a model that gets none
 * right, leaving the rate undefined).
 */
@API(status = INTERNAL, since = "0.1")
public class ShouldHaveAttackSuccessRateAtMost extends GateMessages {

    /**
     * {@code Expecting attack success rate of A against M on N images to be at most 0.200 but was
     * 0.303 (274 of 905 clean-correct images broken; 95% CI 0.273-0.334)}.
     */
    public static ErrorMessageFactory shouldHaveAttackSuccessRateAtMost(
            GateSubject subject, Measurement success, double maximum) {
        return new ShouldHaveAttackSuccessRateAtMost(
                "Expecting attack success rate of %s against %s on %s to be at most %s but was %s",
                subject.attack(), subject.model(), subject.population(), Formats.decimal(maximum), text(success));
    }

    /** The upper bound of the confidence interval must stay within the maximum. */
    public static ErrorMessageFactory shouldHaveAttackSuccessRateAtMostWithConfidence(
            GateSubject subject, Measurement success, double maximum) {
        String level = Formats.percent(Formats.intervalOf(success).confidence());
        return new ShouldHaveAttackSuccessRateAtMost(
                "Expecting attack success rate of %s against %s on %s to be at most %s with %s confidence but the"
                        + " upper bound of its %s Clopper-Pearson interval was %s (success rate %s)",
                subject.attack(),
                subject.model(),
                subject.population(),
                Formats.decimal(maximum),
                level,
                level,
                Formats.decimal(Formats.intervalOf(success).upper()),
                text(success));
    }

    /** No image was classified correctly, so the attack had nothing to break. */
    public static ErrorMessageFactory shouldHaveCleanCorrectImagesToAttack(
            GateSubject subject, int samples, double maximum) {
        return new ShouldHaveAttackSuccessRateAtMost(
                "Expecting attack success rate of %s against %s on %s to be at most %s but it is undefined: the"
                        + " model classifies none of the %s images correctly (0/%s clean-correct), so there was nothing to attack",
                subject.attack(), subject.model(), subject.population(), Formats.decimal(maximum), samples, samples);
    }

    private static String text(Measurement success) {
        return Formats.counted(success, " of ", " clean-correct images broken");
    }

    private ShouldHaveAttackSuccessRateAtMost(String format, Object... arguments) {
        super(format, arguments);
    }
}
