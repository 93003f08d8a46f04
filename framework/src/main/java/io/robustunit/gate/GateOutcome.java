package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.certify.CertificationReport;
import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.io.FileDigests;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The immutable result of one robustness gate, published to {@link GateListener}s: what was
 * required (metric, comparison, threshold), what was measured (value, counts, confidence interval),
 * the verdict, and the evaluation it was computed from.
 *
 * <pre>{@code
 * GateOutcome outcome = GateOutcome.builder()
 *         .description("robust accuracy >= 0.700")
 *         .metric("robust accuracy")
 *         .threshold(0.7)
 *         .measured(report.robustCount(), report.sampleCount())
 *         .confidenceInterval(report.robustAccuracyInterval(0.95))
 *         .status(GateStatus.FAIL)
 *         .report(report)
 *         .build();
 * GateListeners.publish(outcome);
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class GateOutcome {

    private final String description;
    private final String metric;
    private final Comparison comparison;
    private final double threshold;
    private final double measured;
    private final Proportion proportion;
    private final ConfidenceInterval confidenceInterval;
    private final GateStatus status;
    private final String message;
    private final RobustnessReport report;
    private final RobustnessCurve curve;
    private final CertificationReport certification;
    private final String modelName;
    private final String modelSha256;
    private final String attackDescription;
    private final String testName;

    private GateOutcome(Builder b) {
        this.description = require(b.description, "description");
        this.metric = require(b.metric, "metric");
        this.comparison = Objects.requireNonNull(b.comparison, "comparison");
        if (!Double.isFinite(b.threshold)) {
            throw new IllegalArgumentException("threshold must be set to a finite number, was " + b.threshold);
        }
        this.threshold = b.threshold;
        this.status = Objects.requireNonNull(b.status, "status must be set (PASS, FAIL or INVALID)");
        if (status == GateStatus.PASS && Double.isNaN(b.measured)) {
            throw new IllegalArgumentException(
                    "a PASS gate needs a measured value; a FAIL or INVALID gate may have none (an undefined rate)");
        }
        this.measured = b.measured;
        this.proportion = b.proportion;
        this.confidenceInterval = b.confidenceInterval;
        this.message = b.message == null || b.message.isBlank() ? null : b.message;
        this.report = b.report;
        this.curve = b.curve;
        this.certification = b.certification;
        RobustnessReport source =
                report != null ? report : curve != null ? curve.reports().get(0) : null;
        this.modelName = b.modelName != null
                ? b.modelName
                : source != null ? source.modelName() : certification != null ? certification.modelName() : null;
        String sha = b.modelSha256 != null
                ? b.modelSha256
                : source == null ? null : source.modelSha256().orElse(null);
        this.modelSha256 = sha == null ? null : sha.toLowerCase(Locale.ROOT);
        this.attackDescription = b.attackDescription != null
                ? b.attackDescription
                : report != null
                        ? report.attackDescription()
                        : curve != null
                                ? describeSweep(curve)
                                : certification != null
                                        ? "randomized smoothing, Gaussian " + certification.settings()
                                        : null;
        this.testName = b.testName == null || b.testName.isBlank() ? null : b.testName;
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set and not blank");
        }
        return value;
    }

    private static String describeSweep(RobustnessCurve curve) {
        RobustnessReport first = curve.reports().get(0);
        return first.attackName() + " " + first.norm() + " sweep, eps "
                + Arrays.stream(curve.epsilons())
                        .mapToObj(e -> String.format(Locale.ROOT, "%.3f", e))
                        .collect(Collectors.joining(", "));
    }

    /** A new builder; {@link Comparison#AT_LEAST} unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** What the gate required, e.g. {@code robust accuracy >= 0.700}. */
    public String description() {
        return description;
    }

    /** The metric's name, e.g. {@code robust accuracy}. */
    public String metric() {
        return metric;
    }

    /** Whether the value had to be at least or at most the threshold. */
    public Comparison comparison() {
        return comparison;
    }

    /** The threshold the value was compared with. */
    public double threshold() {
        return threshold;
    }

    /** The measured value; empty for a gate that failed or was invalid before it could measure. */
    public OptionalDouble measured() {
        return Double.isNaN(measured) ? OptionalDouble.empty() : OptionalDouble.of(measured);
    }

    /** The measured value as a count of samples, when it is a share of samples (e.g. 631/1000). */
    public Optional<Proportion> proportion() {
        return Optional.ofNullable(proportion);
    }

    /** A confidence interval for the measured value, if the gate computed one. */
    public Optional<ConfidenceInterval> confidenceInterval() {
        return Optional.ofNullable(confidenceInterval);
    }

    /** PASS, FAIL or INVALID. */
    public GateStatus status() {
        return status;
    }

    /** Why the gate failed or is invalid, as the gate told its user (e.g. the assertion message). */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    /** The report the value was computed from, if one. */
    public Optional<RobustnessReport> report() {
        return Optional.ofNullable(report);
    }

    /** The epsilon sweep the value was computed from, if one. */
    public Optional<RobustnessCurve> curve() {
        return Optional.ofNullable(curve);
    }

    /** The model's name: as given, else from the report or curve. */
    /** The randomized-smoothing certification behind a certified gate. */
    public Optional<CertificationReport> certification() {
        return Optional.ofNullable(certification);
    }

    public Optional<String> modelName() {
        return Optional.ofNullable(modelName);
    }

    /** SHA-256 of the model file (lower-case hex): as given, else from the report or curve. */
    public Optional<String> modelSha256() {
        return Optional.ofNullable(modelSha256);
    }

    /** The attack with all its settings: as given, else from the report or curve. */
    public Optional<String> attackDescription() {
        return Optional.ofNullable(attackDescription);
    }

    /** The test that evaluated the gate (e.g. {@code RobustnessTest.pgdAtEps01}), if known. */
    public Optional<String> testName() {
        return Optional.ofNullable(testName);
    }

    /** Whether the gate passed. */
    public boolean passed() {
        return status == GateStatus.PASS;
    }

    /** The same outcome attributed to another test. */
    public GateOutcome withTestName(String name) {
        Builder b = toBuilder();
        b.testName = name;
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.description = description;
        b.metric = metric;
        b.comparison = comparison;
        b.threshold = threshold;
        b.measured = measured;
        b.proportion = proportion;
        b.confidenceInterval = confidenceInterval;
        b.status = status;
        b.message = message;
        b.report = report;
        b.curve = curve;
        b.certification = certification;
        b.modelName = modelName;
        b.modelSha256 = modelSha256;
        b.attackDescription = attackDescription;
        b.testName = testName;
        return b;
    }

    /**
     * This outcome as pretty-printed JSON (format {@value GateOutcomeJson#FORMAT}): the gate's fields
     * and, embedded, the JSON form of its report or curve.
     */
    public String toJson() {
        return GateOutcomeJson.toJson(this);
    }

    /** The measured value as text, e.g. {@code 0.631 (631/1000)}, or {@code n/a}. */
    public String measuredText() {
        if (Double.isNaN(measured)) {
            return "n/a";
        }
        String value = String.format(Locale.ROOT, "%.3f", measured);
        return proportion == null ? value : value + " (" + proportion + ")";
    }

    /** The requirement as text, e.g. {@code >= 0.700}. */
    public String thresholdText() {
        return String.format(Locale.ROOT, "%s %.3f", comparison.symbol(), threshold);
    }

    /**
     * For example {@code FAIL robust accuracy >= 0.700: measured 0.631 (631/1000), [0.600, 0.661]
     * (95%); PGD(...) on model.pt}.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder()
                .append(status)
                .append(' ')
                .append(description)
                .append(": measured ")
                .append(measuredText());
        if (confidenceInterval != null) {
            s.append(", ").append(confidenceInterval);
        }
        if (attackDescription != null || modelName != null) {
            s.append("; ")
                    .append(attackDescription == null ? "?" : attackDescription)
                    .append(" on ")
                    .append(modelName == null ? "?" : modelName);
        }
        return s.toString();
    }

    /** Builds a {@link GateOutcome}. Description, metric, threshold and status are required. */
    public static final class Builder {

        private String description;
        private String metric;
        private Comparison comparison = Comparison.AT_LEAST;
        private double threshold = Double.NaN;
        private double measured = Double.NaN;
        private Proportion proportion;
        private ConfidenceInterval confidenceInterval;
        private GateStatus status;
        private String message;
        private RobustnessReport report;
        private RobustnessCurve curve;
        private CertificationReport certification;
        private String modelName;
        private String modelSha256;
        private String attackDescription;
        private String testName;

        private Builder() {}

        /** Required: what the gate requires, e.g. {@code robust accuracy >= 0.700}. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Required: the metric's name, e.g. {@code robust accuracy}. */
        public Builder metric(String metric) {
            this.metric = metric;
            return this;
        }

        /** How value and threshold compare (default {@link Comparison#AT_LEAST}). */
        public Builder comparison(Comparison comparison) {
            this.comparison = comparison;
            return this;
        }

        /** Required: the threshold. */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** The measured value (required for a PASS). */
        public Builder measured(double value) {
            if (Double.isInfinite(value)) {
                throw new IllegalArgumentException("measured value must be finite, was " + value);
            }
            this.measured = value;
            this.proportion = null;
            return this;
        }

        /** The measured value as a share of samples: {@code count / total}. */
        public Builder measured(int count, int total) {
            this.proportion = new Proportion(count, total);
            this.measured = proportion.value();
            return this;
        }

        /** A confidence interval for the measured value. */
        public Builder confidenceInterval(ConfidenceInterval interval) {
            this.confidenceInterval = interval;
            return this;
        }

        /** Required: PASS, FAIL or INVALID. */
        public Builder status(GateStatus status) {
            this.status = status;
            return this;
        }

        /** Why the gate failed or is invalid. */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** The report the value was computed from. */
        public Builder report(RobustnessReport report) {
            this.report = report;
            return this;
        }

        /** The epsilon sweep the value was computed from. */
        public Builder curve(RobustnessCurve curve) {
            this.curve = curve;
            return this;
        }

        /** The randomized-smoothing certification the value was computed from. */
        public Builder certification(CertificationReport certification) {
            this.certification = certification;
            return this;
        }

        /** The model's name, when there is no report to take it from or it should read otherwise. */
        public Builder modelName(String name) {
            this.modelName = name;
            return this;
        }

        /** SHA-256 of the model file, 64 hex digits. */
        public Builder modelSha256(String sha256) {
            if (sha256 != null && !FileDigests.isSha256(sha256)) {
                throw new IllegalArgumentException("modelSha256 must be 64 hex digits, was '" + sha256 + "'");
            }
            this.modelSha256 = sha256;
            return this;
        }

        /** The attack with all its settings, when there is no report to take it from. */
        public Builder attackDescription(String description) {
            this.attackDescription = description;
            return this;
        }

        /** The test (or display name) that evaluated the gate. */
        public Builder testName(String name) {
            this.testName = name;
            return this;
        }

        /**
         * Builds the outcome.
         *
         * @throws IllegalArgumentException if a required field is missing or a PASS gate has no
         *     measured value
         */
        public GateOutcome build() {
            return new GateOutcome(this);
        }
    }
}
