package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.attack.Attack;
import io.robustunit.cache.EvaluationCache;
import io.robustunit.cache.EvaluationKey;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.eval.Proportion;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import org.apiguardian.api.API;

/**
 * Runs a confidence gate sequentially: the images are attacked in a seeded random order, in parts
 * that end at the {@link SequentialPlan}'s looks, and the gate stops at the first look whose bound
 * decides it. Parts are evaluated through the given {@link EvaluationCache}, so a rerun on an
 * unchanged model reads them instead of attacking.
 *
 * <pre>{@code
 * SequentialGate.Result r = SequentialGate.builder(evaluator, model, test, pgd)
 *         .proportion(RobustnessReport::robustCount, RobustnessReport::sampleCount)
 *         .requirement(Comparison.AT_LEAST, 0.45)
 *         .confidence(0.95)
 *         .run();
 * r.summary();   // "PASS after 100 of 1000 images: robust accuracy 72/100, 99.4% CI [0.617, 0.808]"
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SequentialGate {

    /** System property that turns early stopping off ({@code false}) for before/after measurements. */
    public static final String SWITCH = "robustunit.sequential";

    private SequentialGate() {}

    /** A builder for one sequential gate of {@code attack} against {@code model} on {@code data}. */
    public static Builder builder(RobustnessEvaluator evaluator, Classifier model, LabeledImages data, Attack attack) {
        return new Builder(evaluator, model, data, attack);
    }

    /** The seeded random order of positions {@code 0..size-1} in which a sequential gate attacks. */
    public static int[] order(int size, long seed) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EC0E47141L);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * What a sequential gate decided and on which samples.
     *
     * @param decision the decision at the look where the gate stopped
     * @param plan the looks and their levels
     * @param report the evaluation of the samples attacked (those before the stopping look)
     * @param total the images available
     * @param proportion the proportion judged when it stopped, or null if it had no samples yet
     *     (an attack success rate with no clean-correct image)
     */
    public record Result(
            SequentialPlan.Decision decision,
            SequentialPlan plan,
            RobustnessReport report,
            int total,
            Proportion proportion) {

        /** Images attacked before the decision. */
        public int samplesUsed() {
            return report.sampleCount();
        }

        /** Whether the gate stopped before using every image. */
        public boolean stoppedEarly() {
            return samplesUsed() < total;
        }

        /** The bound the decision rests on (null if the proportion had no samples). */
        public ConfidenceInterval bound() {
            return decision.interval();
        }

        /** The proportion with the bound the decision rests on; empty if the proportion had no samples. */
        public Optional<Measurement> measurement() {
            return proportion == null ? Optional.empty() : Optional.of(Measurement.of(proportion, bound()));
        }

        /** For example {@code decided after 100 of 1000 images (look 1 of 5), 99.375% CI [0.617, 0.808]}. */
        public String summary() {
            String how = decision.byBound() ? "decided after " : "undecided by the bound after ";
            String ci = bound() == null
                    ? "no trials"
                    : String.format(
                            Locale.ROOT,
                            "%s CI [%.3f, %.3f]",
                            bound().confidenceText(),
                            bound().lower(),
                            bound().upper());
            return how + samplesUsed() + " of " + total + " images (look " + (decision.look() + 1) + " of "
                    + plan.lookCount() + ", " + (proportion == null ? "0/0" : proportion) + ", " + ci + ")";
        }
    }

    /** Configures and runs one sequential gate. */
    public static final class Builder {

        private final RobustnessEvaluator evaluator;
        private final Classifier model;
        private final LabeledImages data;
        private final Attack attack;
        private ToIntFunction<RobustnessReport> count;
        private ToIntFunction<RobustnessReport> total;
        private Comparison comparison;
        private double threshold = Double.NaN;
        private double confidence = Double.NaN;
        private int firstLook = SequentialPlan.DEFAULT_FIRST_LOOK;
        private Long orderSeed;
        private EvaluationCache cache = EvaluationCache.none();

        private Builder(RobustnessEvaluator evaluator, Classifier model, LabeledImages data, Attack attack) {
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
            this.model = Objects.requireNonNull(model, "model");
            this.data = Objects.requireNonNull(data, "data");
            this.attack = Objects.requireNonNull(attack, "attack");
        }

        /**
         * The proportion judged: its count and its total (which may be 0, an undefined proportion),
         * counted on the report of the samples so far.
         */
        public Builder proportion(ToIntFunction<RobustnessReport> count, ToIntFunction<RobustnessReport> total) {
            this.count = Objects.requireNonNull(count, "count");
            this.total = Objects.requireNonNull(total, "total");
            return this;
        }

        /** The proportion must be at least / at most {@code threshold}. */
        public Builder requirement(Comparison comparison, double threshold) {
            this.comparison = Objects.requireNonNull(comparison, "comparison");
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /** The gate's confidence, e.g. 0.95. */
        public Builder confidence(double level) {
            this.confidence = level;
            return this;
        }

        /** Samples before the first look (default {@value SequentialPlan#DEFAULT_FIRST_LOOK}). */
        public Builder firstLook(int samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("firstLook must be >= 1, was " + samples);
            }
            this.firstLook = samples;
            return this;
        }

        /** The seed of the attack order (default: the attack's seed). */
        public Builder orderSeed(long seed) {
            this.orderSeed = seed;
            return this;
        }

        /** Where the parts' evaluations are remembered (default: none). */
        public Builder cache(EvaluationCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /**
         * The plan this builder would run. With the system property {@value #SWITCH}{@code =false}
         * every gate has a single look at all images (the plain confident gate), for comparisons.
         */
        public SequentialPlan plan() {
            boolean off =
                    "false".equalsIgnoreCase(System.getProperty(SWITCH, "true").trim());
            return SequentialPlan.of(confidence, data.size(), off ? data.size() : firstLook);
        }

        /**
         * Attacks part after part until a look decides.
         *
         * @throws IllegalStateException if the proportion or requirement is missing
         */
        public Result run() {
            if (count == null || comparison == null) {
                throw new IllegalStateException("a sequential gate needs proportion(...) and requirement(...)");
            }
            SequentialPlan plan = plan();
            int[] order = order(data.size(), orderSeed != null ? orderSeed : attack.seed());
            int[] looks = plan.looks();
            List<RobustnessReport> parts = new ArrayList<>();
            int from = 0;
            for (int k = 0; k < looks.length; k++) {
                LabeledImages part = data.select(Arrays.copyOfRange(order, from, looks[k]), data.name());
                parts.add(evaluate(part));
                from = looks[k];
                RobustnessReport sofar = RobustnessReport.merge(parts);
                int s = count.applyAsInt(sofar);
                int n = total.applyAsInt(sofar);
                SequentialPlan.Decision d = plan.decide(k, s, n, comparison, threshold);
                if (d.status() != SequentialPlan.Status.CONTINUE) {
                    return new Result(d, plan, sofar, data.size(), n == 0 ? null : new Proportion(s, n));
                }
            }
            throw new IllegalStateException("the final look always decides");
        }

        private RobustnessReport evaluate(LabeledImages part) {
            EvaluationKey<RobustnessReport> key =
                    EvaluationKey.attackEvaluation(RobustnessReport.class, model, part, attack, evaluator.settings());
            return cache.computeIfAbsent(key, () -> evaluator.evaluate(model, part, attack));
        }
    }
}
