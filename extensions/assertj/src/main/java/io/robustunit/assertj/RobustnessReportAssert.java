package io.robustunit.assertj;

import static io.robustunit.assertj.error.ShouldHaveBaseline.shouldHaveBaseline;
import static io.robustunit.assertj.error.ShouldHaveBaseline.shouldMatchBaselineSetup;
import static io.robustunit.assertj.error.ShouldNotFallBelowBaseline.shouldNotFallBelowBaseline;
import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.assertj.error.GateSubject;
import io.robustunit.baseline.Baselines;
import io.robustunit.baseline.RobustnessBaseline;
import io.robustunit.eval.ClassAccuracy;
import io.robustunit.eval.Proportion;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.Comparison;
import io.robustunit.gate.GateStatus;
import io.robustunit.gate.Measurement;
import io.robustunit.gate.Requirement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;
import org.assertj.core.util.CheckReturnValue;

/**
 * Gates on one evaluation: robust and clean accuracy, accuracy drop, attack success rate, per
 * class, with confidence, and against a committed baseline. Each gate publishes its outcome to the
 * {@link io.robustunit.gate.GateListeners} (a baseline gate once it has a baseline to compare with).
 *
 * <pre>{@code
 * assertThat(report)
 *         .hasRobustAccuracyAtLeast(0.70)
 *         .hasAccuracyDropAtMost(0.25)
 *         .withConfidence(0.95).hasRobustAccuracyAtLeast(0.60)
 *         .isNotWorseThanBaseline("pgd-linf-0.1", 0.01);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public class RobustnessReportAssert extends AbstractAccuracyAssert<RobustnessReportAssert, RobustnessReport> {

    public RobustnessReportAssert(RobustnessReport actual) {
        super(actual, RobustnessReportAssert.class);
    }

    /** For soft assertions and chained gates: the report with what it inherits from its parent assert. */
    protected RobustnessReportAssert(AssertContext.Chained<RobustnessReport> chained) {
        super(chained, RobustnessReportAssert.class);
    }

    @Override
    RobustnessReport report() {
        return actual;
    }

    @Override
    GateSubject subject() {
        return GateSubject.of(actual);
    }

    @Override
    int samples() {
        return actual.sampleCount();
    }

    @Override
    int cleanCorrect() {
        return actual.cleanCorrectCount();
    }

    @Override
    int robust() {
        return actual.robustCount();
    }

    /** The gates for the images of class {@code label}. */
    @CheckReturnValue
    public ClassRobustnessAssert forClass(int label) {
        isNotNull();
        if (label < 0 || label >= actual.classNames().size()) {
            throw new IllegalArgumentException("class " + label + " does not exist; labels are 0.."
                    + (actual.classNames().size() - 1) + " " + actual.classNames());
        }
        ClassAccuracy c = actual.perClass(label);
        if (c.samples() == 0) {
            failWithMessage(
                    "Expecting images of class %d '%s' among the %s but there are none",
                    label, c.className(), GateSubject.of(actual).population());
        }
        return context()
                .create(ClassRobustnessAssert.class, ClassRobustnessAssert::new, new ClassRobustness(actual, label))
                .withValidityFindings(knownFindings());
    }

    /** The gates for the images of the class named {@code className}, e.g. {@code "Coat"}. */
    @CheckReturnValue
    public ClassRobustnessAssert forClass(String className) {
        isNotNull();
        int label = actual.classNames().indexOf(className);
        if (label < 0) {
            throw new IllegalArgumentException(
                    "no class named '" + className + "'; the classes are " + actual.classNames());
        }
        return forClass(label);
    }

    /**
     * Robust accuracy must not fall more than {@code tolerance} below the gate's baseline in
     * {@link Baselines#file(String)}; with {@code -Drobustunit.baseline.update=true} the baseline is
     * rewritten from this report instead.
     */
    public RobustnessReportAssert isNotWorseThanBaseline(String gate, double tolerance) {
        return isNotWorseThanBaseline(gate, Baselines.file(gate), tolerance);
    }

    /** Like {@link #isNotWorseThanBaseline(String, double)} with an explicit baseline file. */
    public RobustnessReportAssert isNotWorseThanBaseline(Path file, double tolerance) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        return isNotWorseThanBaseline(name, file, tolerance);
    }

    private RobustnessReportAssert isNotWorseThanBaseline(String gate, Path file, double tolerance) {
        checkProportion(tolerance, "tolerance");
        isNotNull();
        if (!validFor(
                String.format(Locale.ROOT, "not worse than baseline '%s' (tolerance %.3f)", gate, tolerance), null)) {
            return myself;
        }
        try {
            if (Baselines.updateRequested()) {
                RobustnessBaseline.of(gate, actual).write(file);
                return myself;
            }
            Optional<RobustnessBaseline> recorded = RobustnessBaseline.read(file);
            Measurement robust =
                    Measurement.of(new Proportion(actual.robustCount(), actual.sampleCount()), displayedConfidence());
            if (recorded.isEmpty()) {
                throwAssertionError(shouldHaveBaseline(subject(), robust, gate, file.toString()));
            }
            RobustnessBaseline baseline = recorded.get();
            Optional<String> difference = baseline.setupDifference(actual);
            if (difference.isPresent()) {
                throwAssertionError(shouldMatchBaselineSetup(gate, file.toString(), difference.get()));
            }
            Requirement spec = new Requirement(
                    String.format(
                            Locale.ROOT,
                            "robust accuracy >= baseline '%s' %.3f - %.3f",
                            gate,
                            baseline.robustAccuracy(),
                            tolerance),
                    "robust accuracy",
                    Comparison.AT_LEAST,
                    baseline.robustAccuracy() - tolerance);
            if (actual.robustAccuracy() < baseline.robustAccuracy() - tolerance) {
                List<Integer> newlyBroken = baseline.newlyBroken(actual);
                fail(
                        spec,
                        robust,
                        shouldNotFallBelowBaseline(
                                subject(), robust, baseline, file.toString(), tolerance, newlyBroken));
            }
            publish(spec, GateStatus.PASS, robust, null);
            return myself;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the baseline " + file + ": " + e.getMessage(), e);
        }
    }
}
