package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.baseline.Baselines;
import io.robustunit.baseline.RobustnessBaseline;
import io.robustunit.gate.Measurement;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/** Robust accuracy that fell more than the tolerance below the gate's recorded baseline. */
@API(status = INTERNAL, since = "0.1")
public class ShouldNotFallBelowBaseline extends GateMessages {

    private static final int LISTED_INDICES = 50;

    /**
     * {@code Expecting robust accuracy of M under A on N images not to fall more than 0.010 below its
     * baseline 0.650 (650/1000, file) but was 0.631 (631/1000; 95% CI ...); 23 samples went from robust
     * to broken since the baseline, dataset indices: 3, 17, ... To accept ..., run with
     * -Drobustunit.baseline.update=true and commit the file.}
     */
    public static ErrorMessageFactory shouldNotFallBelowBaseline(
            GateSubject subject,
            Measurement robust,
            RobustnessBaseline baseline,
            String file,
            double tolerance,
            List<Integer> newlyBroken) {
        return new ShouldNotFallBelowBaseline(
                "Expecting robust accuracy of %s under %s on %s not to fall more than %s below its baseline %s"
                        + " (%s/%s, %s) but was %s; %s went from robust to broken since the baseline, dataset"
                        + " indices: %s. To accept the new value, run with -D%s=true and commit the file.",
                subject.model(),
                subject.attack(),
                subject.population(),
                Formats.decimal(tolerance),
                Formats.decimal(baseline.robustAccuracy()),
                baseline.robustCount(),
                baseline.sampleCount(),
                file,
                Formats.measured(robust),
                samples(newlyBroken.size()),
                indices(newlyBroken),
                Baselines.UPDATE_PROPERTY);
    }

    private static String samples(int n) {
        return n == 1 ? "1 sample" : n + " samples";
    }

    private static String indices(List<Integer> indices) {
        String listed =
                indices.stream().limit(LISTED_INDICES).map(String::valueOf).collect(Collectors.joining(", "));
        return indices.size() > LISTED_INDICES
                ? listed + ", ... (" + (indices.size() - LISTED_INDICES) + " more)"
                : indices.isEmpty() ? "none" : listed;
    }

    private ShouldNotFallBelowBaseline(String format, Object... arguments) {
        super(format, arguments);
    }
}
