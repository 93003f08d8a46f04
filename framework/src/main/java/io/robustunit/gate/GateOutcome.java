package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.certify.CertificationReport;
import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.eval.Proportion;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.io.FileDigests;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * The immutable result of one robustness gate, published to {@link GateListener}s: its
 * {@link Requirement}, its {@link Measurement} (none if the gate failed or was invalid before it
 * could measure), its status (with the message the gate gave its user) and its {@link Source}. Every
 * other accessor derives from these four.
 *
 * <pre>{@code
 * GateOutcome outcome = GateOutcome.builder()
 *         .requirement(Requirement.of("robust accuracy", Comparison.AT_LEAST, 0.7))
 *         .measurement(Measurement.of(new Proportion(report.robustCount(), report.sampleCount()), 0.95))
 *         .status(GateStatus.FAIL)
 *         .report(report)
 *         .build();
 * GateListeners.publish(outcome);
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class GateOutcome {

    private final Requirement requirement;
    private final Measurement measurement;
    private final GateStatus status;
    private final String message;
    private final Source source;

    private GateOutcome(
            Requirement requirement, Measurement measurement, GateStatus status, String message, Source source) {
        this.requirement = requirement;
        this.measurement = measurement;
        this.status = Objects.requireNonNull(status, "status must be set (PASS, FAIL or INVALID)");
        if (status == GateStatus.PASS && measurement == null) {
            throw new IllegalArgumentException(
                    "a PASS gate needs a measured value; a FAIL or INVALID gate may have none (an undefined rate)");
        }
        this.message = message == null || message.isBlank() ? null : message;
        this.source = source;
    }

    /** A new builder; {@link Comparison#AT_LEAST} unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** What the gate required. */
    public Requirement requirement() {
        return requirement;
    }

    /** What the gate measured; empty for a gate that failed or was invalid before it could measure. */
    public Optional<Measurement> measurement() {
        return Optional.ofNullable(measurement);
    }

    /** PASS, FAIL or INVALID. */
    public GateStatus status() {
        return status;
    }

    /** Why the gate failed or is invalid, as the gate told its user (e.g. the assertion message). */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    /** The evaluation, model, attack and test the value comes from. */
    public Source source() {
        return source;
    }

    /** What the gate required, e.g. {@code robust accuracy >= 0.700}. */
    public String description() {
        return requirement.description();
    }

    /** The metric's name, e.g. {@code robust accuracy}. */
    public String metric() {
        return requirement.metric();
    }

    /** Whether the value had to be at least or at most the threshold. */
    public Comparison comparison() {
        return requirement.comparison();
    }

    /** The threshold the value was compared with. */
    public double threshold() {
        return requirement.threshold();
    }

    /** The measured value; empty for a gate that failed or was invalid before it could measure. */
    public OptionalDouble measured() {
        return measurement == null ? OptionalDouble.empty() : OptionalDouble.of(measurement.value());
    }

    /** The measured value as a count of samples, when it is a share of samples (e.g. 631/1000). */
    public Optional<Proportion> proportion() {
        return measurement().flatMap(Measurement::proportion);
    }

    /** A confidence interval for the measured value, if the gate computed one. */
    public Optional<ConfidenceInterval> confidenceInterval() {
        return measurement().flatMap(Measurement::interval);
    }

    /** The report the value was computed from, if one. */
    public Optional<RobustnessReport> report() {
        return source.report();
    }

    /** The epsilon sweep the value was computed from, if one. */
    public Optional<RobustnessCurve> curve() {
        return source.curve();
    }

    /** The randomized-smoothing certification behind a certified gate. */
    public Optional<CertificationReport> certification() {
        return source.certification();
    }

    /** The model's name: as given, else from the report, curve or certification. */
    public Optional<String> modelName() {
        return source.modelName();
    }

    /** SHA-256 of the model file (lower-case hex): as given, else from the report or curve. */
    public Optional<String> modelSha256() {
        return source.modelSha256();
    }

    /** The attack with all its settings: as given, else from the report, curve or certification. */
    public Optional<String> attackDescription() {
        return source.attackDescription();
    }

    /** The test that evaluated the gate (e.g. {@code RobustnessTest.pgdAtEps01}), if known. */
    public Optional<String> testName() {
        return source.testName();
    }

    /** Whether the gate passed. */
    public boolean passed() {
        return status == GateStatus.PASS;
    }

    /** The same outcome attributed to another test. */
    public GateOutcome withTestName(String name) {
        return new GateOutcome(requirement, measurement, status, message, source.withTestName(name));
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
        return measurement == null ? "n/a" : measurement.toString();
    }

    /** The requirement as text, e.g. {@code >= 0.700}. */
    public String thresholdText() {
        return requirement.thresholdText();
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
                .append(description())
                .append(": measured ")
                .append(measuredText());
        confidenceInterval().ifPresent(ci -> s.append(", ").append(ci));
        if (attackDescription().isPresent() || modelName().isPresent()) {
            s.append("; ")
                    .append(attackDescription().orElse("?"))
                    .append(" on ")
                    .append(modelName().orElse("?"));
        }
        return s.toString();
    }

    /**
     * Builds a {@link GateOutcome}: a requirement (or description, metric and threshold) and a status
     * are required, a measurement is required for a PASS.
     */
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

        /** What the gate requires: its description, metric, comparison and threshold at once. */
        public Builder requirement(Requirement requirement) {
            this.description = requirement.description();
            this.metric = requirement.metric();
            this.comparison = requirement.comparison();
            this.threshold = requirement.threshold();
            return this;
        }

        /** Required (or through {@link #requirement}): what the gate requires, e.g. {@code robust accuracy >= 0.700}. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Required (or through {@link #requirement}): the metric's name, e.g. {@code robust accuracy}. */
        public Builder metric(String metric) {
            this.metric = metric;
            return this;
        }

        /** How value and threshold compare (default {@link Comparison#AT_LEAST}). */
        public Builder comparison(Comparison comparison) {
            this.comparison = comparison;
            return this;
        }

        /** Required (or through {@link #requirement}): the threshold. */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** What the gate measured (required for a PASS): value, counts and interval at once; null for none. */
        public Builder measurement(Measurement measurement) {
            this.measured = measurement == null ? Double.NaN : measurement.value();
            this.proportion =
                    measurement == null ? null : measurement.proportion().orElse(null);
            this.confidenceInterval =
                    measurement == null ? null : measurement.interval().orElse(null);
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
            Requirement requirement = new Requirement(description, metric, comparison, threshold);
            Measurement measurement = Double.isNaN(measured)
                    ? null
                    : (proportion == null ? Measurement.of(measured) : Measurement.of(proportion))
                            .withInterval(confidenceInterval);
            Source source =
                    new Source(report, curve, certification, modelName, modelSha256, attackDescription, testName);
            return new GateOutcome(requirement, measurement, status, message, source);
        }
    }
}
