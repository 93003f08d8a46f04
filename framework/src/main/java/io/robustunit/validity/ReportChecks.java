package io.robustunit.validity;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.ValidityFinding;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Checks of one evaluation's result: adversarial examples outside the threat model (recorded by the
 * evaluator as {@link ValidityFinding}s), and a large L-inf radius that fails to break the model.
 *
 * <p>At an L-inf radius of half the input range every image can be moved to the same uniform
 * image, so no classifier can keep more than one class right: a sound attack drives robust accuracy
 * near zero there. If it does not, the attack is not reaching the model.
 *
 * <pre>{@code
 * ValidityReport problems = ReportChecks.defaults().check(report);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class ReportChecks {

    private static final ReportChecks DEFAULTS = new ReportChecks(0.10);

    private final double saturatedAccuracyCeiling;

    private ReportChecks(double saturatedAccuracyCeiling) {
        if (!(saturatedAccuracyCeiling >= 0 && saturatedAccuracyCeiling < 1)) {
            throw new IllegalArgumentException("the ceiling must be in [0, 1), was " + saturatedAccuracyCeiling);
        }
        this.saturatedAccuracyCeiling = saturatedAccuracyCeiling;
    }

    /** Robust accuracy above 0.10 at a large radius is reported. */
    public static ReportChecks defaults() {
        return DEFAULTS;
    }

    /** The largest robust accuracy accepted at a large radius. */
    public ReportChecks withSaturatedAccuracyCeiling(double ceiling) {
        return new ReportChecks(ceiling);
    }

    /** Whether {@code threatModel} is large enough that robust accuracy must be near zero. */
    public static boolean isLarge(ThreatModel threatModel) {
        return threatModel.norm() == Norm.LINF
                && threatModel.epsilon() >= 0.5 * ((double) threatModel.max() - threatModel.min()) - 1e-9;
    }

    public ValidityReport check(RobustnessReport report) {
        return ValidityReport.of(outOfBounds(report), notSaturating(report));
    }

    private static Optional<Finding> outOfBounds(RobustnessReport report) {
        if (report.isValid()) {
            return Optional.empty();
        }
        Map<ValidityFinding.Kind, Long> byKind = report.validityFindings().stream()
                .collect(Collectors.groupingBy(ValidityFinding::kind, TreeMap::new, Collectors.counting()));
        long samples = report.validityFindings().stream()
                .mapToInt(ValidityFinding::datasetIndex)
                .distinct()
                .count();
        String kinds = byKind.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return Optional.of(new Finding(
                Finding.Kind.PERTURBATION_OUT_OF_BOUNDS,
                String.format(
                        Locale.ENGLISH,
                        "%s produced adversarial examples outside %s on %,d of %,d %s images (%s; first: %s)."
                                + " The attack does not respect its threat model; its numbers measure"
                                + " another one.",
                        report.attackDescription(),
                        report.threatModel(),
                        samples,
                        report.sampleCount(),
                        report.datasetName(),
                        kinds,
                        report.validityFindings().get(0))));
    }

    private Optional<Finding> notSaturating(RobustnessReport report) {
        if (!isLarge(report.threatModel()) || report.robustAccuracy() <= saturatedAccuracyCeiling) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                Finding.Kind.LARGE_EPSILON_NOT_SATURATING,
                String.format(
                        Locale.ENGLISH,
                        "%s leaves robust accuracy at %.3f (%d/%d) on %s images at %s, a radius of half the"
                                + " input range that can turn every image into the same grey one. A sound"
                                + " attack drives it to at most %.3f there; this one is not reaching the"
                                + " model (gradient masking, or an attack with too few steps).",
                        report.attackDescription(),
                        report.robustAccuracy(),
                        report.robustCount(),
                        report.sampleCount(),
                        report.datasetName(),
                        report.threatModel(),
                        saturatedAccuracyCeiling)));
    }
}
