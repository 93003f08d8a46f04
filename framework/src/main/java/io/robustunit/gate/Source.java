package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.certify.CertificationReport;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Where a gate's value comes from: the evaluation (a report, an epsilon sweep or a
 * randomized-smoothing certification), the model and attack it judged, and the test that ran it.
 * Model and attack are taken from the evaluation unless given.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Source {

    private final RobustnessReport report;
    private final RobustnessCurve curve;
    private final CertificationReport certification;
    private final String modelName;
    private final String modelSha256;
    private final String attackDescription;
    private final String testName;

    Source(
            RobustnessReport report,
            RobustnessCurve curve,
            CertificationReport certification,
            String modelName,
            String modelSha256,
            String attackDescription,
            String testName) {
        this.report = report;
        this.curve = curve;
        this.certification = certification;
        RobustnessReport evaluation =
                report != null ? report : curve != null ? curve.reports().get(0) : null;
        this.modelName = modelName != null
                ? modelName
                : evaluation != null
                        ? evaluation.modelName()
                        : certification != null ? certification.modelName() : null;
        String sha = modelSha256 != null
                ? modelSha256
                : evaluation == null ? null : evaluation.modelSha256().orElse(null);
        this.modelSha256 = sha == null ? null : sha.toLowerCase(Locale.ROOT);
        this.attackDescription = attackDescription != null
                ? attackDescription
                : report != null
                        ? report.attackDescription()
                        : curve != null
                                ? describeSweep(curve)
                                : certification != null
                                        ? "randomized smoothing, Gaussian " + certification.settings()
                                        : null;
        this.testName = testName == null || testName.isBlank() ? null : testName;
    }

    private static String describeSweep(RobustnessCurve curve) {
        RobustnessReport first = curve.reports().get(0);
        return first.attackName() + " " + first.norm() + " sweep, eps "
                + Arrays.stream(curve.epsilons())
                        .mapToObj(e -> String.format(Locale.ROOT, "%.3f", e))
                        .collect(Collectors.joining(", "));
    }

    /** The same source attributed to another test. */
    Source withTestName(String name) {
        return new Source(report, curve, certification, modelName, modelSha256, attackDescription, name);
    }

    /** The report the value was computed from, if one. */
    public Optional<RobustnessReport> report() {
        return Optional.ofNullable(report);
    }

    /** The epsilon sweep the value was computed from, if one. */
    public Optional<RobustnessCurve> curve() {
        return Optional.ofNullable(curve);
    }

    /** The randomized-smoothing certification the value was computed from, if one. */
    public Optional<CertificationReport> certification() {
        return Optional.ofNullable(certification);
    }

    /** The model's name: as given, else from the evaluation. */
    public Optional<String> modelName() {
        return Optional.ofNullable(modelName);
    }

    /** SHA-256 of the model file (lower-case hex): as given, else from the report or curve. */
    public Optional<String> modelSha256() {
        return Optional.ofNullable(modelSha256);
    }

    /** The attack with all its settings: as given, else from the evaluation. */
    public Optional<String> attackDescription() {
        return Optional.ofNullable(attackDescription);
    }

    /** The test that evaluated the gate (e.g. {@code RobustnessTest.pgdAtEps01}), if known. */
    public Optional<String> testName() {
        return Optional.ofNullable(testName);
    }
}
