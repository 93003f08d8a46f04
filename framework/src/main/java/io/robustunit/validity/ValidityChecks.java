package io.robustunit.validity;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.attack.Attack;
import io.robustunit.data.Batch;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.model.Classifier;
import io.robustunit.model.ExpectationOverTransformation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The validity checks every gate runs by default, in one place, so that the AssertJ gates, the
 * command line ({@code robustunit evaluate}, {@code robustunit check}) and every report reach the
 * same verdict. Two phases:
 *
 * <ol>
 *   <li>{@link #checkModel}: what can be seen without an attack ({@link ModelChecks}: probability
 *       outputs, random logits, zero gradients; {@link GradientChecks}: shattered, vanishing and
 *       exploding gradients);
 *   <li>{@link #checkEvaluation}: what one attack's result shows ({@link ReportChecks}: examples
 *       outside the threat model, a large radius that does not break the model; the
 *       {@link BlackBoxProbe}: Square on the samples the gradient attack left robust; and whether the
 *       model's clean predictions changed during the evaluation).
 * </ol>
 *
 * <p>A finding of a kind the user {@linkplain #silence silenced} is set aside with the reason,
 * which reports show; every other finding makes the evaluation invalid.
 *
 * <pre>{@code
 * ValidityChecks checks = ValidityChecks.defaults()
 *         .silence(Finding.Kind.BLACK_BOX_BEATS_WHITE_BOX, "PGD-5 smoke gate; AutoAttack runs nightly");
 * ValidityReport before = checks.checkModel(model, data);
 * RobustnessReport report = evaluator.evaluate(model, data, attack);
 * ValidityReport all = before.and(checks.checkEvaluation(model, data, attack, report));
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ValidityChecks {

    /** Clean predictions compared before and after an evaluation, at most. */
    static final int CHANGE_SAMPLES = 256;

    private static final ValidityChecks DEFAULTS =
            new ValidityChecks(ModelChecks.defaults(), GradientChecks.defaults(), BlackBoxProbe.defaults(), Map.of());

    private final ModelChecks modelChecks;
    private final GradientChecks gradientChecks;
    private final BlackBoxProbe probe;
    private final Map<Finding.Kind, String> silenced;

    private ValidityChecks(
            ModelChecks modelChecks,
            GradientChecks gradientChecks,
            BlackBoxProbe probe,
            Map<Finding.Kind, String> silenced) {
        this.modelChecks = modelChecks;
        this.gradientChecks = gradientChecks;
        this.probe = probe;
        EnumMap<Finding.Kind, String> copy = new EnumMap<>(Finding.Kind.class);
        copy.putAll(silenced);
        this.silenced = Collections.unmodifiableMap(copy);
    }

    /** Every check with its default settings, nothing silenced. */
    public static ValidityChecks defaults() {
        return DEFAULTS;
    }

    public ValidityChecks withModelChecks(ModelChecks checks) {
        return new ValidityChecks(checks, gradientChecks, probe, silenced);
    }

    /** Without the model checks (probability outputs, random logits, zero gradients): not recommended. */
    public ValidityChecks withoutModelChecks() {
        return new ValidityChecks(null, gradientChecks, probe, silenced);
    }

    public ValidityChecks withGradientChecks(GradientChecks checks) {
        return new ValidityChecks(modelChecks, checks, probe, silenced);
    }

    /** Without the gradient checks (shattered, vanishing, exploding gradients): not recommended. */
    public ValidityChecks withoutGradientChecks() {
        return new ValidityChecks(modelChecks, null, probe, silenced);
    }

    public ValidityChecks withProbe(BlackBoxProbe newProbe) {
        return new ValidityChecks(modelChecks, gradientChecks, Objects.requireNonNull(newProbe, "probe"), silenced);
    }

    /** Without the black-box probe: not recommended; prefer {@link #silence} with a reason. */
    public ValidityChecks withoutProbe() {
        return new ValidityChecks(modelChecks, gradientChecks, null, silenced);
    }

    /**
     * Sets findings of {@code kind} aside deliberately: they no longer make the evaluation invalid,
     * and reports show them with {@code reason}.
     *
     * @throws IllegalArgumentException if the reason is blank
     */
    public ValidityChecks silence(Finding.Kind kind, String reason) {
        Objects.requireNonNull(kind, "kind");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("silencing " + kind
                    + " needs a reason, recorded in the reports (e.g. \"smoke gate; AutoAttack" + " runs nightly\")");
        }
        Map<Finding.Kind, String> more = new EnumMap<>(Finding.Kind.class);
        more.putAll(silenced);
        more.put(kind, reason.strip());
        return new ValidityChecks(modelChecks, gradientChecks, probe, more);
    }

    /** The silenced kinds and their reasons. */
    public Map<Finding.Kind, String> silenced() {
        return silenced;
    }

    /** The checks that need no attack: model checks and gradient checks, on the start of {@code data}. */
    public ValidityReport checkModel(Classifier model, LabeledImages data) {
        ValidityReport found = ValidityReport.clean();
        if (modelChecks != null) {
            found = found.and(modelChecks.check(model, data));
        }
        if (gradientChecks != null) {
            found = found.and(gradientChecks.check(model, data));
        }
        return applySilencing(found);
    }

    /**
     * The checks of one evaluation: report checks, the black-box probe (for iterative gradient
     * attacks), and whether the model's clean predictions changed since the evaluation made them.
     */
    public ValidityReport checkEvaluation(
            Classifier model, LabeledImages data, Attack attack, RobustnessReport report) {
        List<Finding> found =
                new ArrayList<>(ReportChecks.defaults().check(report).findings());
        changedDuringEvaluation(model, data, report).ifPresent(found::add);
        if (probe != null && found.isEmpty()) {
            probe.probe(model, data, attack, report).ifPresent(found::add);
        }
        return applySilencing(new ValidityReport(found));
    }

    /** Both phases; {@code modelFindings} from {@link #checkModel}, run before the evaluation. */
    public ValidityReport check(
            ValidityReport modelFindings,
            Classifier model,
            LabeledImages data,
            Attack attack,
            RobustnessReport report) {
        return modelFindings.and(checkEvaluation(model, data, attack, report));
    }

    private ValidityReport applySilencing(ValidityReport report) {
        if (silenced.isEmpty() || report.findings().isEmpty()) {
            return report;
        }
        List<Finding> kept = new ArrayList<>();
        List<ValidityReport.Silenced> quiet = new ArrayList<>(report.silenced());
        for (Finding f : report.findings()) {
            String reason = silenced.get(f.kind());
            if (reason == null) {
                kept.add(f);
            } else {
                quiet.add(new ValidityReport.Silenced(f, reason));
            }
        }
        return new ValidityReport(kept, quiet);
    }

    /**
     * Predicts the first samples of {@code data} again and compares with the clean predictions the
     * evaluation recorded: a deterministic model must agree with itself. Skipped for EOT views.
     */
    Optional<Finding> changedDuringEvaluation(Classifier model, LabeledImages data, RobustnessReport report) {
        if (model instanceof ExpectationOverTransformation) {
            return Optional.empty();
        }
        int n = Math.min(CHANGE_SAMPLES, data.size());
        if (n == 0) {
            return Optional.empty();
        }
        int changed = 0;
        int compared = 0;
        List<Integer> examples = new ArrayList<>();
        try (NDManager scope = NDManager.newBaseManager(model.device());
                Batch batch = data.batch(scope, 0, n)) {
            NDArray logits = model.logits(batch.images());
            long[] predicted = logits.argMax(1).toLongArray();
            int[] indices = batch.datasetIndices();
            for (int i = 0; i < n; i++) {
                SampleOutcome o;
                try {
                    o = report.outcome(indices[i]);
                } catch (RuntimeException notInReport) {
                    continue;
                }
                compared++;
                if (o.cleanPrediction() != predicted[i]) {
                    changed++;
                    if (examples.size() < 5) {
                        examples.add(indices[i]);
                    }
                }
            }
        }
        if (changed == 0) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                Finding.Kind.MODEL_CHANGED_DURING_EVALUATION,
                String.format(
                        Locale.ENGLISH,
                        "%s now predicts %d of %d %s images differently than when %s evaluated them (dataset"
                                + " indices %s). A model whose answers depend on how often or on what it was called"
                                + " (call counters, test-time adaptation, state updated in forward, dropout or"
                                + " noise) was not the same model for the whole evaluation; its numbers describe"
                                + " none of them.",
                        report.modelName(),
                        changed,
                        compared,
                        report.datasetName(),
                        report.attackDescription(),
                        examples)));
    }

    @Override
    public String toString() {
        return "validity checks [" + (modelChecks == null ? "no model checks" : modelChecks) + "; "
                + (gradientChecks == null ? "no gradient checks" : gradientChecks) + "; "
                + (probe == null ? "no black-box probe" : probe) + "; silenced " + silenced + "]";
    }
}
