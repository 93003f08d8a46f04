package io.robustunit.validity;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.model.Classifier;
import io.robustunit.threat.Norm;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * A small black-box probe of a gradient attack's result: runs Square, with a small query budget, on
 * the samples the gradient attack left robust. Square sees only the model's scores, so it cannot be
 * misled by gradients; if it breaks a clear share of what an iterative white-box attack could not,
 * that attack was not exploring its threat model (gradient masking in any form: shattered,
 * vanishing, exploding or decoy gradients).
 *
 * <p>Runs for iterative gradient attacks under L-inf threat models (Square is L-inf only; one-step
 * FGSM/FGM are expected to lose to it and are not probed). Cost: at most {@link #samples()} images
 * times {@link #queries()} forward passes.
 *
 * <pre>{@code
 * Optional<Finding> problem = BlackBoxProbe.defaults().probe(model, data, pgd, pgdReport);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class BlackBoxProbe {

    /** The least drop of robust accuracy (extrapolated from the probed samples) that counts as beating. */
    static final double MIN_ACCURACY_DROP = 0.05;

    private static final BlackBoxProbe DEFAULTS = new BlackBoxProbe(100, 200, 3, 0.10);

    private final int samples;
    private final int queries;
    private final int minBroken;
    private final double brokenFraction;

    private BlackBoxProbe(int samples, int queries, int minBroken, double brokenFraction) {
        if (samples < 1 || queries < 1 || minBroken < 1) {
            throw new IllegalArgumentException(
                    "samples, queries and minBroken must be >= 1, were " + samples + ", " + queries + ", " + minBroken);
        }
        if (!(brokenFraction >= 0 && brokenFraction < 1)) {
            throw new IllegalArgumentException("brokenFraction must be in [0, 1), was " + brokenFraction);
        }
        this.samples = samples;
        this.queries = queries;
        this.minBroken = minBroken;
        this.brokenFraction = brokenFraction;
    }

    /**
     * Square with 200 queries on at most 100 of the samples the attack left robust; a finding when it
     * breaks at least 3 of them, more than 10%, and enough to lower the gate's robust accuracy by more
     * than 0.05 when extrapolated to every robust sample (the black-box margin of {@link AttackChecks}).
     */
    public static BlackBoxProbe defaults() {
        return DEFAULTS;
    }

    /** The budget: at most {@code samples} robust samples, {@code queries} Square queries each. */
    public BlackBoxProbe withBudget(int samples, int queries) {
        return new BlackBoxProbe(samples, queries, minBroken, brokenFraction);
    }

    /** A finding when Square breaks at least {@code minBroken} probed samples and more than {@code fraction}. */
    public BlackBoxProbe withLimits(int minBroken, double fraction) {
        return new BlackBoxProbe(samples, queries, minBroken, fraction);
    }

    public int samples() {
        return samples;
    }

    public int queries() {
        return queries;
    }

    /** Whether {@code attack}'s results are probed: iterative gradient attacks under L-inf. */
    public static boolean applies(Attack attack) {
        String name = attack.name();
        return attack.needsGradients()
                && attack.threatModel().norm() == Norm.LINF
                && attack.threatModel().epsilon() > 0
                && !name.equalsIgnoreCase("FGSM")
                && !name.equalsIgnoreCase("FGM");
    }

    /**
     * Runs Square on the samples {@code report} (of {@code attack} on {@code data}) counts as robust.
     *
     * @return a finding if Square clearly beats the attack on them
     */
    public Optional<Finding> probe(Classifier model, LabeledImages data, Attack attack, RobustnessReport report) {
        if (!applies(attack)) {
            return Optional.empty();
        }
        Map<Integer, Integer> positions = new HashMap<>();
        for (int i = 0; i < data.size(); i++) {
            positions.put(data.datasetIndex(i), i);
        }
        List<Integer> robust = report.outcomes().stream()
                .filter(SampleOutcome::robust)
                .map(SampleOutcome::datasetIndex)
                .filter(positions::containsKey)
                .sorted()
                .toList();
        if (robust.isEmpty()) {
            return Optional.empty();
        }
        int m = Math.min(samples, robust.size());
        int[] chosen = new int[m];
        for (int k = 0; k < m; k++) {
            // evenly spread over the robust samples, in dataset order
            chosen[k] = positions.get(robust.get((int) ((long) k * robust.size() / m)));
        }
        LabeledImages probed = data.select(chosen, data.name());
        Attack square = Attacks.square(attack.threatModel()).queries(queries).seed(attack.seed());
        RobustnessReport squareReport = RobustnessEvaluator.builder()
                .batchSize(Math.min(m, RobustnessEvaluator.DEFAULT_BATCH_SIZE))
                .modelName(report.modelName())
                .build()
                .evaluate(model, probed, square);
        List<Integer> broken = squareReport.outcomes().stream()
                .filter(o -> !o.robust())
                .map(SampleOutcome::datasetIndex)
                .toList();
        // Square's breaks extrapolated to every robust sample, as a drop of the gate's robust accuracy:
        // a few breaks among a handful of robust samples (a model PGD already broke) are not masking.
        double drop = (double) broken.size() / m * report.robustCount() / Math.max(1, report.sampleCount());
        if (broken.size() < minBroken || broken.size() <= brokenFraction * m || drop <= MIN_ACCURACY_DROP) {
            return Optional.empty();
        }
        String examples = broken.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "))
                + (broken.size() > 10 ? ", ..." : "");
        return Optional.of(new Finding(
                Finding.Kind.BLACK_BOX_BEATS_WHITE_BOX,
                String.format(
                        Locale.ENGLISH,
                        "Square (%d queries, black-box) broke %d of %d samples that %s left robust on %s images of %s"
                                + " (dataset indices %s). A black-box attack with a small budget beating an"
                                + " iterative white-box attack means the gradients mislead it (gradient masking:"
                                + " shattered, vanishing or exploding gradients, or a model that is not what it"
                                + " seems); its robust accuracy %.3f is an overestimate. Gate on a black-box or"
                                + " margin-loss attack (Attacks.square, Attacks.apgdDlr, Attacks.autoAttack).",
                        queries,
                        broken.size(),
                        m,
                        report.attackDescription(),
                        report.datasetName(),
                        report.modelName(),
                        examples,
                        report.robustAccuracy())));
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "black-box probe (Square, %d queries on at most %d robust samples;"
                        + " finding at >= %d broken and > %.2f)",
                queries,
                samples,
                minBroken,
                brokenFraction);
    }
}
