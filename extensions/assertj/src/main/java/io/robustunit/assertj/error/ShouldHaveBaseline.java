package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.baseline.Baselines;
import io.robustunit.gate.Measurement;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/** A baseline gate without a recorded baseline, or with one recorded for another evaluation. */
@API(status = INTERNAL, since = "0.1")
public class ShouldHaveBaseline extends GateMessages {

    /** No baseline file exists yet. */
    public static ErrorMessageFactory shouldHaveBaseline(
            GateSubject subject, Measurement robust, String gate, String file) {
        return new ShouldHaveBaseline(
                "Expecting a robustness baseline for gate '%s' at %s but there is none. Run with -D%s=true to"
                        + " record robust accuracy %s of %s under %s on %s, and commit the file.",
                gate,
                file,
                Baselines.UPDATE_PROPERTY,
                Formats.measured(robust),
                subject.model(),
                subject.attack(),
                subject.population());
    }

    /** The baseline was recorded for another attack, dataset or sample set. */
    public static ErrorMessageFactory shouldMatchBaselineSetup(String gate, String file, String difference) {
        return new ShouldHaveBaseline(
                "Expecting gate '%s' to repeat the evaluation recorded in %s but %s. If the change is intended,"
                        + " record a new baseline with -D%s=true and commit the file.",
                gate, file, difference, Baselines.UPDATE_PROPERTY);
    }

    private ShouldHaveBaseline(String format, Object... arguments) {
        super(format, arguments);
    }
}
