package io.robustunit.assertj;

import io.robustunit.attack.Attack;
import io.robustunit.cache.EvaluationCaches;
import io.robustunit.cache.EvaluationKey;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.model.ExpectationOverTransformation;
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
import org.assertj.core.api.AbstractAssert;

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
public class ModelAssert extends AbstractAssert<ModelAssert, Classifier> {

    private LabeledImages data;
    private RobustnessEvaluator evaluator = RobustnessEvaluator.builder().build();
    private ValidityChecks checks = ValidityChecks.defaults();
    private int eotDraws = 1;
    private AttackChecks attackChecks = AttackChecks.defaults();
    private final List<Attack> references = new ArrayList<>();
    SoftRobustnessAssertions soft;

    public ModelAssert(Classifier actual) {
        super(actual, ModelAssert.class);
    }

    /** The images the model is judged on. */
    public ModelAssert on(LabeledImages data) {
        this.data = Objects.requireNonNull(data, "data");
        return myself;
    }

    /** Evaluates with these settings (batch size, threads, listeners) instead of the defaults. */
    public ModelAssert evaluatedBy(RobustnessEvaluator evaluator) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        return myself;
    }

    /** Checks the model with these settings instead of {@link ModelChecks#defaults()}. */
    public ModelAssert withModelChecks(ModelChecks modelChecks) {
        this.checks = checks.withModelChecks(Objects.requireNonNull(modelChecks, "checks"));
        return myself;
    }

    /** Skips the model checks (not recommended: they catch evaluations that cannot be trusted). */
    public ModelAssert withoutModelChecks() {
        this.checks = checks.withoutModelChecks();
        return myself;
    }

    /** Checks gradients with these settings instead of {@link GradientChecks#defaults()}. */
    public ModelAssert withGradientChecks(GradientChecks gradientChecks) {
        this.checks = checks.withGradientChecks(Objects.requireNonNull(gradientChecks, "checks"));
        return myself;
    }

    /** Probes gradient attacks with this budget instead of {@link BlackBoxProbe#defaults()}. */
    public ModelAssert withBlackBoxProbe(BlackBoxProbe probe) {
        this.checks = checks.withProbe(probe);
        return myself;
    }

    /** All validity checks with these settings instead of {@link ValidityChecks#defaults()}. */
    public ModelAssert withValidityChecks(ValidityChecks validityChecks) {
        this.checks = Objects.requireNonNull(validityChecks, "checks");
        return myself;
    }

    /**
     * Sets findings of {@code kind} aside deliberately: they no longer make the gates invalid, and
     * every gate's outcome records them with {@code reason} (JSON, Markdown summary, Allure).
     */
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
    public ModelAssert crossCheckedWith(Attack... referenceAttacks) {
        references.addAll(Arrays.asList(referenceAttacks));
        return myself;
    }

    /** Compares with reference attacks using these margins instead of {@link AttackChecks#defaults()}. */
    public ModelAssert withAttackChecks(AttackChecks checks) {
        this.attackChecks = Objects.requireNonNull(checks, "checks");
        return myself;
    }

    /** Evaluates {@code attack} (once per cache) and returns the gates on its report. */
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
        return SoftRobustnessAssertions.create(
                        soft, info.description(), RobustnessReportAssert.class, RobustnessReport.class, report)
                .withValidityFindings(findings);
    }

    /** Evaluates {@code attack} at each radius and returns the gates on the curve. */
    public RobustnessCurveAssert underEpsilonSweep(Attack attack, double... epsilons) {
        Objects.requireNonNull(attack, "attack");
        isNotNull();
        requireData();
        if (epsilons.length == 0) {
            throw new IllegalArgumentException("an epsilon sweep needs at least one epsilon");
        }
        List<RobustnessReport> reports = new ArrayList<>();
        for (double eps : epsilons) {
            reports.add(evaluate(attack.withThreatModel(attack.threatModel().withEpsilon(eps))));
        }
        return SoftRobustnessAssertions.create(
                        soft, info.description(), RobustnessCurveAssert.class, RobustnessCurve.class,
                        RobustnessCurve.of(reports))
                .withValidityFindings(modelFindings());
    }

    private RobustnessReport evaluate(Attack attack) {
        EvaluationKey<RobustnessReport> key = EvaluationKey.of(
                RobustnessReport.class, actual, data, attack + " | batch size " + evaluator.batchSize() + eotKey());
        return EvaluationCaches.current().computeIfAbsent(key, () -> evaluator.evaluate(model(), data, attack));
    }

    private ValidityReport modelFindings() {
        ValidityChecks current = checks;
        EvaluationKey<ValidityReport> key = EvaluationKey.of(
                ValidityReport.class, actual, data, "model " + current + eotKey());
        return EvaluationCaches.current().computeIfAbsent(key, () -> current.checkModel(model(), data));
    }

    private ValidityReport evaluationFindings(Attack attack, RobustnessReport report) {
        ValidityChecks current = checks;
        EvaluationKey<ValidityReport> key = EvaluationKey.of(ValidityReport.class, actual, data,
                "evaluation " + current + " | " + attack + " | batch size " + evaluator.batchSize() + eotKey());
        return EvaluationCaches.current().computeIfAbsent(
                key, () -> current.checkEvaluation(model(), data, attack, report));
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
