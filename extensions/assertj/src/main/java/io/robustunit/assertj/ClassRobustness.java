package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.eval.ClassAccuracy;
import io.robustunit.eval.RobustnessReport;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One class of a {@link RobustnessReport}: what {@link ClassRobustnessAssert} checks.
 *
 * @param report the whole evaluation
 * @param label the class
 */
@API(status = STABLE, since = "0.1")
public record ClassRobustness(RobustnessReport report, int label) {

    public ClassRobustness {
        Objects.requireNonNull(report, "report");
        Objects.checkIndex(label, report.classNames().size());
    }

    /** The class's counts. */
    public ClassAccuracy accuracy() {
        return report.perClass(label);
    }

    @Override
    public String toString() {
        ClassAccuracy c = accuracy();
        return "class " + label + " '" + c.className() + "' of " + report;
    }
}
