package io.robustunit.validity;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Checks of an epsilon sweep: robust accuracy must not rise with epsilon (every example allowed at
 * a small radius is allowed at a larger one), and each point must pass {@link ReportChecks}.
 *
 * <pre>{@code
 * ValidityReport problems = SweepChecks.defaults().check(curve);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class SweepChecks {

    private static final SweepChecks DEFAULTS = new SweepChecks(0.01, ReportChecks.defaults());

    private final double riseTolerance;
    private final ReportChecks pointChecks;

    private SweepChecks(double riseTolerance, ReportChecks pointChecks) {
        if (!(riseTolerance >= 0 && riseTolerance < 1)) {
            throw new IllegalArgumentException("riseTolerance must be in [0, 1), was " + riseTolerance);
        }
        this.riseTolerance = riseTolerance;
        this.pointChecks = pointChecks;
    }

    /** A rise of more than 0.01 (and more than one sample) is reported; points use the defaults. */
    public static SweepChecks defaults() {
        return DEFAULTS;
    }

    /** Robust accuracy may rise by at most this much between two radii (attack randomness). */
    public SweepChecks withRiseTolerance(double tolerance) {
        return new SweepChecks(tolerance, pointChecks);
    }

    public ValidityReport check(RobustnessCurve curve) {
        ValidityReport report = ValidityReport.of(rise(curve));
        for (RobustnessReport point : curve.reports()) {
            report = report.and(pointChecks.check(point));
        }
        return report;
    }

    private Optional<Finding> rise(RobustnessCurve curve) {
        List<RobustnessReport> points = curve.reports();
        RobustnessReport low = null;
        RobustnessReport high = null;
        double worst = 0;
        for (int i = 0; i < points.size(); i++) {
            for (int j = i + 1; j < points.size(); j++) {
                RobustnessReport a = points.get(i);
                RobustnessReport b = points.get(j);
                double rise = b.robustAccuracy() - a.robustAccuracy();
                boolean beyondTolerance = rise > riseTolerance && b.robustCount() - a.robustCount() > 1;
                if (beyondTolerance && rise > worst) {
                    worst = rise;
                    low = a;
                    high = b;
                }
            }
        }
        if (low == null) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                Finding.Kind.NON_MONOTONE_SWEEP,
                String.format(
                        Locale.ENGLISH,
                        "robust accuracy of %s on %s images rises with epsilon: %.3f (%d/%d) at eps=%.3f but"
                                + " %.3f (%d/%d) at eps=%.3f under %s. A larger ball contains the smaller"
                                + " one, so the attack is failing to find examples it found before"
                                + " (too few steps, a step size tied to epsilon, or gradient masking).",
                        low.modelName(),
                        low.datasetName(),
                        low.robustAccuracy(),
                        low.robustCount(),
                        low.sampleCount(),
                        low.epsilon(),
                        high.robustAccuracy(),
                        high.robustCount(),
                        high.sampleCount(),
                        high.epsilon(),
                        high.attackDescription())));
    }
}
