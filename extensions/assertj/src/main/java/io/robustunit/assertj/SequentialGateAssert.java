package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.assertj.error.Formats;
import io.robustunit.assertj.error.GateSubject;
import io.robustunit.assertj.error.InvalidEvaluation;
import io.robustunit.attack.Attack;
import io.robustunit.cache.EvaluationCaches;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.gate.Measurement;
import io.robustunit.gate.Requirement;
import io.robustunit.gate.SequentialGate;
import io.robustunit.gate.SequentialPlan;
import io.robustunit.model.Classifier;
import io.robustunit.validity.ReportChecks;
import io.robustunit.validity.ValidityReport;
import java.util.Objects;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.description.Description;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.Representation;
import org.assertj.core.util.CheckReturnValue;

/**
 * Sequential confidence gates: the images are attacked in a seeded random order and each gate stops
 * as soon as an anytime-valid bound (Clopper-Pearson with alpha spending over doubling looks, see
 * {@link SequentialPlan}) clears its threshold either way; only an undecided gate attacks every
 * image. A model at 0.72 robust accuracy gated at 0.45 is decided after 100 images instead of 1,000.
 * The published outcome and the failure message state how many images decided it and the bound.
 *
 * <pre>{@code
 * assertThat(model).on(test).withConfidence(0.95).underAttack(pgd).hasRobustAccuracyAtLeast(0.45);
 * }</pre>
 *
 * <p>A wrong decision (passing a model whose true proportion misses the threshold, or failing by the
 * bound one that meets it) has probability at most {@code (1 - confidence) / 2}. Gates without a
 * confidence ({@code underAttack(pgd).hasRobustAccuracyAtLeast(...)}) judge every image. The parts
 * attacked go through the current evaluation cache. Reference attacks ({@code crossCheckedWith}) are
 * not run for sequential gates. In {@link SoftRobustnessAssertions} a failed or invalid sequential
 * gate is collected like any other.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class SequentialGateAssert extends AbstractAssert<SequentialGateAssert, Classifier> {

    private final SoftRobustnessAssertions soft;
    private final LabeledImages data;
    private final RobustnessEvaluator evaluator;
    private final double confidence;
    private final Supplier<ValidityReport> modelFindings;
    private Attack attack;
    private int firstLook = SequentialPlan.DEFAULT_FIRST_LOOK;

    /** For soft assertions: everything the gates need, with what they inherit from the model's assert. */
    protected SequentialGateAssert(Setup setup) {
        super(setup.model(), SequentialGateAssert.class);
        this.soft = setup.context().soft();
        setup.context().describe(info);
        this.data = setup.data();
        this.evaluator = setup.evaluator();
        this.confidence = setup.confidence();
        this.modelFindings = setup.modelFindings();
    }

    /**
     * What {@link ModelAssert#withConfidence} hands on: the model and its images, the evaluator, the
     * level and the model's validity findings, with the collector and description.
     */
    record Setup(
            Classifier model,
            AssertContext context,
            LabeledImages data,
            RobustnessEvaluator evaluator,
            double confidence,
            Supplier<ValidityReport> modelFindings) {
        Setup {
            if (!(confidence > 0 && confidence < 1)) {
                throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95, was " + confidence);
            }
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(evaluator, "evaluator");
            Objects.requireNonNull(modelFindings, "modelFindings");
        }
    }

    /** The attack the following gates run. */
    @CheckReturnValue
    public SequentialGateAssert underAttack(Attack attack) {
        this.attack = Objects.requireNonNull(attack, "attack");
        return myself;
    }

    /** Images before the first look (default {@value SequentialPlan#DEFAULT_FIRST_LOOK}); later looks double it. */
    @CheckReturnValue
    public SequentialGateAssert firstLookAfter(int images) {
        if (images < 1) {
            throw new IllegalArgumentException("the first look needs at least 1 image, was " + images);
        }
        this.firstLook = images;
        return myself;
    }

    /** Robust accuracy must be at least {@code threshold} at the gate's confidence. */
    public SequentialGateAssert hasRobustAccuracyAtLeast(double threshold) {
        return check(AccuracyMetric.ROBUST_ACCURACY, threshold);
    }

    /** Clean accuracy must be at least {@code threshold} at the gate's confidence. */
    public SequentialGateAssert hasCleanAccuracyAtLeast(double threshold) {
        return check(AccuracyMetric.CLEAN_ACCURACY, threshold);
    }

    /** The accuracy drop (share of images the attack broke) must be at most {@code maximum}. */
    public SequentialGateAssert hasAccuracyDropAtMost(double maximum) {
        return check(AccuracyMetric.ACCURACY_DROP, maximum);
    }

    /** The share of clean-correct images the attack broke must be at most {@code maximum}. */
    public SequentialGateAssert hasAttackSuccessRateAtMost(double maximum) {
        return check(AccuracyMetric.ATTACK_SUCCESS_RATE, maximum);
    }

    private SequentialGateAssert check(AccuracyMetric metric, double threshold) {
        AbstractAccuracyAssert.checkProportion(threshold, metric.thresholdName());
        isNotNull();
        if (attack == null) {
            throw new IllegalStateException("no attack for the sequential gate on " + actual.name()
                    + ": call underAttack(attack) before the gate");
        }
        SequentialGate.Result result = SequentialGate.builder(evaluator, actual, data, attack)
                .proportion(
                        r -> metric.count().of(counts(r)), r -> metric.total().of(counts(r)))
                .requirement(metric.comparison(), threshold)
                .confidence(confidence)
                .firstLook(firstLook)
                .cache(EvaluationCaches.current())
                .run();
        RobustnessReport report = result.report();
        Requirement gate = new Requirement(
                metric.name() + " " + metric.comparison().symbol() + " " + Formats.decimal(threshold) + " with "
                        + Formats.percent(confidence) + " confidence, sequential: " + result.summary(),
                metric.name(),
                metric.comparison(),
                threshold);
        GateSubject subject = GateSubject.of(report);
        ValidityReport findings =
                modelFindings.get().and(ReportChecks.defaults().check(report));
        if (!findings.isValid()) {
            String message = InvalidEvaluation.invalidEvaluation(subject, gate.description(), findings)
                    .create(info.description(), info.representation());
            publish(gate, GateStatus.INVALID, report, null, message);
            InvalidEvaluationError invalid = new InvalidEvaluationError(message, findings);
            if (soft == null) {
                throw invalid;
            }
            soft.recordInvalid(invalid);
            return myself;
        }
        Measurement measured = result.measurement().orElse(null);
        if (result.decision().status() == SequentialPlan.Status.PASS) {
            publish(gate, GateStatus.PASS, report, measured, null);
            return myself;
        }
        AccuracyMetric.Counts counts = counts(report);
        ErrorMessageFactory base = measured == null
                ? metric.undefined().create(subject, null, counts, threshold)
                : metric.confident().create(subject, measured, counts, threshold);
        ErrorMessageFactory failure = new Sequential(base, result);
        publish(gate, GateStatus.FAIL, report, measured, failure.create(info.description(), info.representation()));
        throwAssertionError(failure);
        return myself;
    }

    private void publish(
            Requirement gate, GateStatus status, RobustnessReport report, Measurement measured, String message) {
        GateListeners.publish(GateOutcome.builder()
                .requirement(gate)
                .measurement(measured)
                .status(status)
                .message(message)
                .report(report)
                .build());
    }

    private static AccuracyMetric.Counts counts(RobustnessReport r) {
        return new AccuracyMetric.Counts(r.sampleCount(), r.cleanCorrectCount(), r.robustCount());
    }

    /** A failure message with the sequential decision appended. */
    private record Sequential(ErrorMessageFactory base, SequentialGate.Result result) implements ErrorMessageFactory {
        @Override
        public String create(Description d, Representation p) {
            return base.create(d, p) + System.lineSeparator() + "sequential gate (" + result.plan() + "): "
                    + result.summary();
        }

        @Override
        public String create(Description d) {
            return create(
                    d, org.assertj.core.configuration.ConfigurationProvider.CONFIGURATION_PROVIDER.representation());
        }

        @Override
        public String create() {
            return create(new org.assertj.core.description.TextDescription(""));
        }
    }
}
