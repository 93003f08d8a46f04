package io.robustunit.assertj;

import static io.robustunit.assertj.error.ShouldHaveCertifiedAccuracyAtLeast.shouldHaveCertifiedAccuracyAtLeast;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.assertj.error.Formats;
import io.robustunit.assertj.error.GateSubject;
import io.robustunit.assertj.error.InvalidEvaluation;
import io.robustunit.certify.CertificationFinding;
import io.robustunit.certify.CertificationReport;
import io.robustunit.eval.Proportion;
import io.robustunit.gate.Comparison;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.gate.Measurement;
import io.robustunit.gate.Requirement;
import io.robustunit.validity.Finding;
import io.robustunit.validity.ValidityReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.util.CheckReturnValue;

/**
 * Gates on a randomized-smoothing certification: certified accuracy, a lower bound on robust
 * accuracy where attack-based gates give an upper bound. Every gate first checks the report's
 * consistency (radii within what {@code n} allows, certificates that follow from their counts,
 * certified accuracy at radius 0 within the smoothed classifier's clean accuracy) and is invalid,
 * neither pass nor fail, if it does not hold. Outcomes are published like every gate's.
 *
 * <pre>{@code
 * assertThat(model).on(test).smoothedWith(gaussian(0.25)).withSeed(0).certifying(100, 1000, 0.001)
 *         .hasCertifiedAccuracyAtLeast(0.6).atL2Radius(0.25);
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class CertificationAssert extends AbstractAssert<CertificationAssert, CertificationReport> {

    private final SoftRobustnessAssertions soft;

    public CertificationAssert(CertificationReport actual) {
        this(new AssertContext.Chained<>(actual, AssertContext.STANDALONE));
    }

    /** For soft assertions and chained gates: the certification with what it inherits from its parent assert. */
    protected CertificationAssert(AssertContext.Chained<CertificationReport> chained) {
        super(chained.actual(), CertificationAssert.class);
        this.soft = chained.context().soft();
        chained.context().describe(info);
    }

    /** The radius the threshold applies to comes next: {@code .atL2Radius(0.25)}. */
    @CheckReturnValue
    public CertifiedAccuracyGate hasCertifiedAccuracyAtLeast(double threshold) {
        AbstractAccuracyAssert.checkProportion(threshold, "threshold");
        return new CertifiedAccuracyGate(this, threshold);
    }

    /**
     * At least {@code threshold} of the images must be certified correct within L2 radius
     * {@code radius} (Cohen et al.: correct class and certified radius >= {@code radius}).
     */
    public CertificationAssert hasCertifiedAccuracyAtLeast(double threshold, double radius) {
        AbstractAccuracyAssert.checkProportion(threshold, "threshold");
        if (!(radius >= 0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException("radius must be finite and >= 0, was " + radius);
        }
        isNotNull();
        Requirement gate = new Requirement(
                String.format(
                        Locale.ROOT, "certified accuracy at L2 radius %.3f >= %s", radius, Formats.decimal(threshold)),
                "certified accuracy",
                Comparison.AT_LEAST,
                threshold);
        if (!validFor(gate)) {
            return myself;
        }
        Measurement certified = Measurement.of(
                new Proportion(actual.certifiedCount(radius), actual.sampleCount()),
                AbstractAccuracyAssert.DEFAULT_DISPLAYED_CONFIDENCE);
        if (certified.value() < threshold) {
            ErrorMessageFactory failure =
                    shouldHaveCertifiedAccuracyAtLeast(subject(actual), actual, radius, certified, threshold);
            publish(gate, GateStatus.FAIL, certified, failure.create(info.description(), info.representation()));
            throwAssertionError(failure);
        }
        publish(gate, GateStatus.PASS, certified, null);
        return myself;
    }

    /** Fails with {@link InvalidEvaluationError} if the certification contradicts its own bounds. */
    public CertificationAssert isValid() {
        isNotNull();
        validFor(null);
        return myself;
    }

    /** The model, the smoothing with every setting, the images. */
    static GateSubject subject(CertificationReport r) {
        return new GateSubject(
                r.modelName(),
                "randomized smoothing, Gaussian " + r.settings(),
                String.format(Locale.ENGLISH, "%,d %s images", r.sampleCount(), r.datasetName()));
    }

    /** The report's consistency findings as validity findings. */
    static ValidityReport findings(CertificationReport r) {
        List<Finding> list = new ArrayList<>();
        for (CertificationFinding f : r.findings()) {
            list.add(new Finding(Finding.Kind.INCONSISTENT_CERTIFICATION, f.toString()));
        }
        return new ValidityReport(list);
    }

    private boolean validFor(Requirement gate) {
        ValidityReport findings = findings(actual);
        if (findings.isValid()) {
            return true;
        }
        String message = InvalidEvaluation.invalidEvaluation(
                        subject(actual), gate == null ? "valid certification" : gate.description(), findings)
                .create(info.description(), info.representation());
        if (gate != null) {
            publish(gate, GateStatus.INVALID, null, message);
        }
        InvalidEvaluationError invalid = new InvalidEvaluationError(message, findings);
        if (soft != null) {
            soft.recordInvalid(invalid);
            return false;
        }
        throw invalid;
    }

    private void publish(Requirement gate, GateStatus status, Measurement measured, String message) {
        GateListeners.publish(GateOutcome.builder()
                .requirement(gate)
                .measurement(measured)
                .status(status)
                .message(message)
                .certification(actual)
                .build());
    }

    /**
     * A certified-accuracy threshold waiting for its radius.
     *
     * <pre>{@code
     * certification.hasCertifiedAccuracyAtLeast(0.6).atL2Radius(0.25);
     * }</pre>
     */
    public static final class CertifiedAccuracyGate {
        private final CertificationAssert owner;
        private final double threshold;

        CertifiedAccuracyGate(CertificationAssert owner, double threshold) {
            this.owner = owner;
            this.threshold = threshold;
        }

        /** Runs the gate at L2 radius {@code radius} and returns the certification's gates. */
        public CertificationAssert atL2Radius(double radius) {
            return owner.hasCertifiedAccuracyAtLeast(threshold, radius);
        }
    }
}
