package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackFactory;
import io.robustunit.attack.Attacks;
import io.robustunit.cache.EvaluationCaches;
import io.robustunit.cache.EvaluationKey;
import io.robustunit.certify.GaussianNoise;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.ProgressLog;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.model.ExpectationOverTransformation;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import io.robustunit.validity.AttackChecks;
import io.robustunit.validity.BlackBoxProbe;
import io.robustunit.validity.Finding;
import io.robustunit.validity.GradientChecks;
import io.robustunit.validity.ModelChecks;
import io.robustunit.validity.ValidityChecks;
import io.robustunit.validity.ValidityReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.util.CheckReturnValue;

/**
 * The entry of a robustness gate: a model, the data it is judged on, and the attack.
 *
 * <pre>{@code
 * assertThat(model).on(test).underAttack(pgd).hasRobustAccuracyAtLeast(0.7);
 * assertThat(model).on(test).crossCheckedWith(fgsm, square).underAttack(pgd).hasRobustAccuracyAtLeast(0.7);
 * assertThat(model).on(test).underEpsilonSweep(pgd, 0.05, 0.1, 0.3).atEpsilon(0.1).hasRobustAccuracyAtLeast(0.5);
 * }</pre>
 *
 * <p>Evaluations go through the {@linkplain EvaluationCaches#current() current evaluation cache}.
 * Every gate runs the default {@link ValidityChecks} (also cached): probability outputs, random
 * logits, zero, shattered, vanishing or exploding gradients, a model that changes during the
 * evaluation, and a small black-box probe (Square on the samples an iterative gradient attack left
 * robust). Any finding makes every gate an {@link InvalidEvaluationError}, unless its kind was
 * {@linkplain #silencing silenced} with a reason, which the gate's report records.
 *
 * <pre>{@code
 * assertThat(noisyModel).on(test).withExpectationOverTransformation(10)
 *         .underAttack(pgd).hasRobustAccuracyAtLeast(0.5);
 * assertThat(model).on(test)
 *         .silencing(Finding.Kind.BLACK_BOX_BEATS_WHITE_BOX, "smoke gate; AutoAttack gate runs nightly")
 *         .underAttack(pgd).hasRobustAccuracyAtLeast(0.5);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public class ModelAssert extends AbstractAssert<ModelAssert, Classifier> {

    private LabeledImages data;
    private RobustnessEvaluator evaluator = RobustnessEvaluator.builder()
            .listener(ProgressLog.fromSystemProperty())
            .build();
    private ValidityChecks checks = ValidityChecks.defaults();
    private int eotDraws = 1;
    private AttackChecks attackChecks = AttackChecks.defaults();
    private final List<Attack> references = new ArrayList<>();
    private final SoftRobustnessAssertions soft;

    public ModelAssert(Classifier actual) {
        this(new AssertContext.Chained<>(actual, AssertContext.STANDALONE));
    }

    /** For soft assertions: the model with the collector and description it inherits. */
    protected ModelAssert(AssertContext.Chained<Classifier> chained) {
        super(chained.actual(), ModelAssert.class);
        this.soft = chained.context().soft();
        chained.context().describe(info);
    }

    /** The images the model is judged on. */
    @CheckReturnValue
    public ModelAssert on(LabeledImages data) {
        this.data = Objects.requireNonNull(data, "data");
        return myself;
    }

    /** Evaluates with these settings (batch size, threads, listeners) instead of the defaults. */
    @CheckReturnValue
    public ModelAssert evaluatedBy(RobustnessEvaluator evaluator) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        return myself;
    }

    /** Checks the model with these settings instead of {@link ModelChecks#defaults()}. */
    @CheckReturnValue
    public ModelAssert withModelChecks(ModelChecks modelChecks) {
        this.checks = checks.withModelChecks(Objects.requireNonNull(modelChecks, "checks"));
        return myself;
    }

    /** Skips the model checks (not recommended: they catch evaluations that cannot be trusted). */
    @CheckReturnValue
    public ModelAssert withoutModelChecks() {
        this.checks = checks.withoutModelChecks();
        return myself;
    }

    /** Checks gradients with these settings instead of {@link GradientChecks#defaults()}. */
    @CheckReturnValue
    public ModelAssert withGradientChecks(GradientChecks gradientChecks) {
        this.checks = checks.withGradientChecks(Objects.requireNonNull(gradientChecks, "checks"));
        return myself;
    }

    /** Probes gradient attacks with this budget instead of {@link BlackBoxProbe#defaults()}. */
    @CheckReturnValue
    public ModelAssert withBlackBoxProbe(BlackBoxProbe probe) {
        this.checks = checks.withProbe(probe);
        return myself;
    }

    /** All validity checks with these settings instead of {@link ValidityChecks#defaults()}. */
    @CheckReturnValue
    public ModelAssert withValidityChecks(ValidityChecks validityChecks) {
        this.checks = Objects.requireNonNull(validityChecks, "checks");
        return myself;
    }

    /**
     * Sets findings of {@code kind} aside deliberately: they no longer make the gates invalid, and
     * every gate's outcome records them with {@code reason} (JSON, Markdown summary, Allure).
     */
    @CheckReturnValue
    public ModelAssert silencing(Finding.Kind kind, String reason) {
        this.checks = checks.silence(kind, reason);
        return myself;
    }

    /**
     * Evaluates a model that is random at evaluation time correctly: attacks see gradients and
     * scores averaged over {@code draws} calls (EOT for PGD/APGD, repeated queries for Square), and
     * a sample counts as correct only if {@code draws} repeated predictions are all correct. See
     * {@link ExpectationOverTransformation}.
     */
    @CheckReturnValue
    public ModelAssert withExpectationOverTransformation(int draws) {
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be >= 1, was " + draws);
        }
        this.eotDraws = draws;
        return myself;
    }

    /**
     * Also runs these reference attacks, each at the threat model of the gate's attack, and treats
     * the evaluation as invalid if one of them clearly beats the gate's attack (a one-step attack
     * beating PGD, a black-box attack beating a white-box one): see {@link AttackChecks}.
     */
    @CheckReturnValue
    public ModelAssert crossCheckedWith(Attack... referenceAttacks) {
        references.addAll(Arrays.asList(referenceAttacks));
        return myself;
    }

    /** Compares with reference attacks using these margins instead of {@link AttackChecks#defaults()}. */
    @CheckReturnValue
    public ModelAssert withAttackChecks(AttackChecks checks) {
        this.attackChecks = Objects.requireNonNull(checks, "checks");
        return myself;
    }

    /**
     * Sequential confidence gates: the following gates attack the images in a seeded random order
     * and stop as soon as a bound at {@code level} decides them (see {@link SequentialGateAssert}).
     *
     * <pre>{@code
     * assertThat(model).on(test).withConfidence(0.95).underAttack(pgd).hasRobustAccuracyAtLeast(0.45);
     * }</pre>
     */
    @CheckReturnValue
    public SequentialGateAssert withConfidence(double level) {
        isNotNull();
        requireData();
        SequentialGateAssert.Setup setup =
                new SequentialGateAssert.Setup(actual, handedOn(), data, evaluator, level, this::modelFindings);
        return handedOn()
                .create(SequentialGateAssert.class, SequentialGateAssert.Setup.class, SequentialGateAssert::new, setup);
    }

    /**
     * Randomized smoothing: the following gates certify the model smoothed with {@code noise}
     * (Cohen et al., 2019), with forward passes only.
     *
     * <pre>{@code
     * assertThat(model).on(test).smoothedWith(gaussian(0.25)).withSeed(0).certifying(100, 1000, 0.001)
     *         .hasCertifiedAccuracyAtLeast(0.6).atL2Radius(0.25);
     * }</pre>
     */
    @CheckReturnValue
    public SmoothedModelAssert smoothedWith(GaussianNoise noise) {
        Objects.requireNonNull(noise, "noise");
        isNotNull();
        requireData();
        return new SmoothedModelAssert(actual, data, noise, handedOn());
    }

    /** Evaluates {@code attack} (once per cache) and returns the gates on its report. */
    @CheckReturnValue
    public RobustnessReportAssert underAttack(Attack attack) {
        Objects.requireNonNull(attack, "attack");
        isNotNull();
        requireData();
        ValidityReport findings = modelFindings();
        RobustnessReport report = evaluate(attack);
        findings = findings.and(evaluationFindings(attack, report));
        for (Attack reference : references) {
            Attack aligned = reference.withThreatModel(attack.threatModel());
            RobustnessReport referenceReport = evaluate(aligned);
            findings = findings.and(ValidityReport.of(attackChecks.compare(attack, report, aligned, referenceReport)));
        }
        return handedOn()
                .create(RobustnessReportAssert.class, RobustnessReportAssert::new, report)
                .withValidityFindings(findings);
    }

    /** Evaluates {@code attack} at each radius and returns the gates on the curve. */
    @CheckReturnValue
    public RobustnessCurveAssert underEpsilonSweep(Attack attack, double... epsilons) {
        Objects.requireNonNull(attack, "attack");
        isNotNull();
        requireData();
        if (epsilons.length == 0) {
            throw new IllegalArgumentException("an epsilon sweep needs at least one epsilon");
        }
        RobustnessEvaluator.requireAttackEpsilonAmong(attack, epsilons);
        List<RobustnessReport> reports = new ArrayList<>();
        for (double eps : epsilons) {
            reports.add(evaluate(attack.withThreatModel(attack.threatModel().withEpsilon(eps))));
        }
        return handedOn()
                .create(RobustnessCurveAssert.class, RobustnessCurveAssert::new, RobustnessCurve.of(reports))
                .withValidityFindings(modelFindings());
    }

    /**
     * Clean accuracy alone, without any attack: the model's predictions on the images as they are
     * must be right for at least {@code threshold} of them. Runs no gradient checks (no gradient is
     * involved) and publishes its outcome like every gate.
     */
    public RobustnessReportAssert hasCleanAccuracyAtLeast(double threshold) {
        isNotNull();
        requireData();
        ThreatModel range = ThreatModel.linf(0)
                .withInputRange(actual.contract().min(), actual.contract().max());
        RobustnessReport report = evaluate(Attacks.none(range));
        return handedOn()
                .create(RobustnessReportAssert.class, RobustnessReportAssert::new, report)
                .hasCleanAccuracyAtLeast(threshold);
    }

    /**
     * Evaluates the attack that {@code attack} builds for each radius (in the data's pixel space,
     * the model's input range) and returns the gates on the curve: a sweep of an attack that has no
     * epsilon of its own, e.g. {@code underEpsilonSweep(tm -> pgd(tm).steps(20), Norm.LINF, 0.05, 0.1)}.
     */
    @CheckReturnValue
    public RobustnessCurveAssert underEpsilonSweep(AttackFactory attack, Norm norm, double... epsilons) {
        Objects.requireNonNull(attack, "attack");
        Objects.requireNonNull(norm, "norm");
        isNotNull();
        requireData();
        if (epsilons.length == 0) {
            throw new IllegalArgumentException("an epsilon sweep needs at least one epsilon");
        }
        ThreatModel ball = ThreatModel.of(norm, 0)
                .withInputRange(actual.contract().min(), actual.contract().max());
        List<RobustnessReport> reports = new ArrayList<>();
        for (double eps : epsilons) {
            reports.add(evaluate(RobustnessEvaluator.build(attack, ball.withEpsilon(eps))));
        }
        return handedOn()
                .create(RobustnessCurveAssert.class, RobustnessCurveAssert::new, RobustnessCurve.of(reports))
                .withValidityFindings(modelFindings());
    }

    /** What the asserts this one leads to take over: the collector and the description as it is now. */
    private AssertContext handedOn() {
        return AssertContext.handedOnBy(soft, info);
    }

    private RobustnessReport evaluate(Attack attack) {
        EvaluationKey<RobustnessReport> key = eotDraws > 1
                ? EvaluationKey.of(
                        RobustnessReport.class, actual, data, attack + " | " + evaluator.settings() + eotKey())
                : EvaluationKey.attackEvaluation(RobustnessReport.class, actual, data, attack, evaluator.settings());
        return EvaluationCaches.current().computeIfAbsent(key, () -> evaluator.evaluate(model(), data, attack));
    }

    private ValidityReport modelFindings() {
        ValidityChecks current = checks;
        EvaluationKey<ValidityReport> key =
                EvaluationKey.of(ValidityReport.class, actual, data, "model " + current + eotKey());
        return EvaluationCaches.current().computeIfAbsent(key, () -> current.checkModel(model(), data));
    }

    private ValidityReport evaluationFindings(Attack attack, RobustnessReport report) {
        ValidityChecks current = checks;
        EvaluationKey<ValidityReport> key = EvaluationKey.of(
                ValidityReport.class,
                actual,
                data,
                "evaluation " + current + " | " + attack + " | batch size " + evaluator.batchSize() + eotKey());
        return EvaluationCaches.current()
                .computeIfAbsent(key, () -> current.checkEvaluation(model(), data, attack, report));
    }

    /** The model the attacks run against: the actual one, or its EOT view. */
    private Classifier model() {
        return eotDraws > 1 ? ExpectationOverTransformation.of(actual, eotDraws) : actual;
    }

    private String eotKey() {
        return eotDraws > 1 ? " | EOT " + eotDraws : "";
    }

    private void requireData() {
        if (data == null) {
            throw new IllegalStateException(
                    "no data to evaluate " + actual.name() + " on: call on(images) before underAttack(...)");
        }
    }
}
