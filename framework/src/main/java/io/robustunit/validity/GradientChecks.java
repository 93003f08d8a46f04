package io.robustunit.validity;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.data.Batch;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.NativeArrays;
import io.robustunit.model.Classifier;
import io.robustunit.model.ExpectationOverTransformation;
import io.robustunit.model.InputContract;
import io.robustunit.model.InputGradient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * Checks that a model's input gradients are worth following, without assuming that bad gradients
 * are zero. On the first {@link #sampleSize()} images it computes the gradients of the logit margin
 * and of the cross-entropy, then:
 *
 * <ul>
 *   <li><b>shattered gradients</b>: compares the directional derivative {@code g . delta} with the
 *       finite difference {@code L(x + delta) - L(x)} of the margin loss, along the gradient's sign
 *       and along random sign directions, at steps of 0.1% and 1% of the input range. The
 *       first-order prediction of an honest network (ReLU, max-pooling, even TRADES-smoothed) agrees
 *       with the measured change within a factor of two at such steps; input quantisation, JPEG-like
 *       rounding, thermometer codes, high-frequency or straight-through decoy gradients do not,
 *       whether their gradient is zero or not;
 *   <li><b>exploding gradients</b>: NaN or infinite input gradients, or logits of absurd scale;
 *   <li><b>vanishing gradients</b>: cross-entropy gradients that underflow to zero on correctly
 *       classified samples while the margin's gradient is alive (saturated softmax): a margin or DLR
 *       loss would still work, and the finding says so.
 * </ul>
 *
 * <p>On an {@link ExpectationOverTransformation} view of a random model the finite differences
 * measure the randomness, not the gradient, so the shattered-gradient comparison is left to the
 * black-box probe there.
 *
 * <p>Cost: two backward passes and {@code 2 * (1 + randomDirections)} forward passes of
 * {@link #sampleSize()} images.
 */
@API(status = INTERNAL, since = "0.1")
public final class GradientChecks {

    private static final GradientChecks DEFAULTS = new GradientChecks(16, 2, 1e3, 0.25, 7L);
    static final double SMALL_STEP = 1e-3;
    static final double LARGE_STEP = 1e-2;
    static final double GRADIENT_SMALL_LIMIT = 0.25;
    static final double GRADIENT_LARGE_LIMIT = 0.5;
    static final double RANDOM_SMALL_LIMIT = 0.5;

    private final int sampleSize;
    private final int randomDirections;
    private final double logitScaleLimit;
    private final double vanishingFraction;
    private final long seed;

    private GradientChecks(
            int sampleSize, int randomDirections, double logitScaleLimit, double vanishingFraction, long seed) {
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be >= 1, was " + sampleSize);
        }
        if (randomDirections < 0) {
            throw new IllegalArgumentException("randomDirections must be >= 0, was " + randomDirections);
        }
        this.sampleSize = sampleSize;
        this.randomDirections = randomDirections;
        this.logitScaleLimit = logitScaleLimit;
        this.vanishingFraction = vanishingFraction;
        this.seed = seed;
    }

    /**
     * 16 samples, 2 random directions besides the gradient's; shattered when the median relative
     * error of the first-order prediction exceeds 25% along the gradient's sign at steps of 0.1% of
     * the input range, 50% at 1%, or 50% along random directions; logit ranges above 1,000 are
     * absurd; vanishing
     * when the cross-entropy gradient is zero on more than a quarter of the correctly classified
     * samples.
     */
    public static GradientChecks defaults() {
        return DEFAULTS;
    }

    /** The same checks on the first {@code n} images. */
    public GradientChecks withSampleSize(int n) {
        return new GradientChecks(n, randomDirections, logitScaleLimit, vanishingFraction, seed);
    }

    public int sampleSize() {
        return sampleSize;
    }

    /** What was measured per sample; {@link #check} turns it into findings. */
    record Measurement(
            int samples,
            int correct,
            int nonFinite,
            int vanishing,
            double medianLogitRange,
            double gradientSmall,
            double gradientLarge,
            double randomSmall,
            int flat) {

        /** Whether the first-order predictions miss by more than the limits. */
        boolean shattered() {
            return gradientSmall > GRADIENT_SMALL_LIMIT
                    || gradientLarge > GRADIENT_LARGE_LIMIT
                    || randomSmall > RANDOM_SMALL_LIMIT;
        }
    }

    /** Runs every check on the first {@link #sampleSize()} images of {@code data}. */
    public ValidityReport check(Classifier model, LabeledImages data) {
        int n = Math.min(sampleSize, data.size());
        if (n == 0 || !model.hasInputGradients()) {
            return ValidityReport.clean(); // forward-only runtimes: only black-box and transfer attacks run
        }
        Measurement m = measure(model, data.first(n));
        String where = ModelChecks.describe(model, data, n);
        List<Finding> found = new ArrayList<>();
        if (m.nonFinite() > 0) {
            found.add(new Finding(
                    Finding.Kind.EXPLODING_GRADIENTS,
                    String.format(
                            Locale.ROOT,
                            "%s: the input gradient is NaN or infinite on %d of %d samples (while the logits"
                                    + " are finite). A non-differentiable point (sqrt, log or division at 0),"
                                    + " an overflow or a custom backward makes every gradient step undefined;"
                                    + " a gradient attack then measures nothing. Evaluate with a black-box"
                                    + " attack (Square) or make the forward pass differentiable (BPDA).",
                            where,
                            m.nonFinite(),
                            m.samples())));
        }
        if (m.medianLogitRange() > logitScaleLimit) {
            found.add(new Finding(
                    Finding.Kind.EXPLODING_GRADIENTS,
                    String.format(
                            Locale.ROOT,
                            "%s: logits of absurd scale (median spread between largest and smallest logit"
                                    + " %.3g, above %.0f). Softmax saturates to exactly 0 and 1 in float32, so"
                                    + " cross-entropy gradients vanish and numerics explode; use a scale-free"
                                    + " loss (margin or DLR: Attacks.apgdDlr) or remove the scaling.",
                            where,
                            m.medianLogitRange(),
                            logitScaleLimit)));
        }
        if (m.vanishing() > vanishingFraction * Math.max(1, m.correct()) && m.vanishing() >= 2) {
            found.add(new Finding(
                    Finding.Kind.VANISHING_GRADIENTS,
                    String.format(
                            Locale.ROOT,
                            "%s: the cross-entropy gradient underflows to zero on %d of %d correctly classified"
                                    + " samples while the logit margin's gradient is alive (saturated softmax)."
                                    + " A cross-entropy attack (PGD, APGD-CE) cannot move them; a margin or DLR"
                                    + " loss would (Attacks.apgdDlr, or a margin-loss PGD).",
                            where,
                            m.vanishing(),
                            m.correct())));
        }
        if (m.shattered() && !(model instanceof ExpectationOverTransformation)) {
            found.add(new Finding(
                    Finding.Kind.SHATTERED_GRADIENTS,
                    String.format(
                            Locale.ROOT,
                            "%s: the input gradient does not predict how the loss changes. The directional"
                                    + " derivative misses the finite difference of the margin loss by a median"
                                    + " %.0f%% along the gradient's sign at steps of 0.1%% of the input range,"
                                    + " %.0f%% at 1%%, and %.0f%% along random sign directions at 0.1%% (honest"
                                    + " networks: a few per cent; limits %.0f%%, %.0f%%, %.0f%%); %d samples do"
                                    + " not change measurably at all. Gradients that exist but carry no"
                                    + " information (input quantisation, JPEG-like or thermometer encoding,"
                                    + " numerically unstable or straight-through transforms) mislead gradient"
                                    + " attacks; evaluate with a black-box attack (Square) or BPDA.",
                            where,
                            100 * m.gradientSmall(),
                            100 * m.gradientLarge(),
                            100 * m.randomSmall(),
                            100 * GRADIENT_SMALL_LIMIT,
                            100 * GRADIENT_LARGE_LIMIT,
                            100 * RANDOM_SMALL_LIMIT,
                            m.flat())));
        }
        return new ValidityReport(found);
    }

    Measurement measure(Classifier model, LabeledImages sample) {
        int n = sample.size();
        InputContract contract = model.contract();
        int classes = contract.numClasses();
        float lo = contract.min();
        float hi = contract.max();
        double range = (double) hi - lo;
        try (NDManager scope = NDManager.newBaseManager(model.device());
                Batch batch = sample.batch(scope, 0, n)) {
            NDArray x = batch.images();
            int item = (int) (x.size() / n);
            int[] labels = batch.labels().toIntArray();
            float[] xs = x.toFloatArray();
            float[] logits;
            float[] g;
            try (InputGradient margin = model.inputGradient(x, z -> margin(z, batch.labels(), classes))) {
                logits = margin.logits().toFloatArray();
                g = margin.gradient().toFloatArray();
            }
            float[] gce;
            try (InputGradient ce = model.inputGradient(x, z -> crossEntropy(z, batch.labels(), classes))) {
                gce = ce.gradient().toFloatArray();
            }
            double[] base = marginValues(logits, labels, classes);
            int correct = 0;
            int nonFinite = 0;
            int vanishing = 0;
            double[] ranges = new double[n];
            for (int i = 0; i < n; i++) {
                double zmax = Double.NEGATIVE_INFINITY;
                double zmin = Double.POSITIVE_INFINITY;
                int arg = 0;
                for (int c = 0; c < classes; c++) {
                    float v = logits[i * classes + c];
                    if (v > zmax) {
                        zmax = v;
                        arg = c;
                    }
                    zmin = Math.min(zmin, v);
                }
                ranges[i] = zmax - zmin;
                boolean finite = true;
                double gMax = 0;
                double ceMax = 0;
                for (int j = i * item; j < (i + 1) * item; j++) {
                    if (!Float.isFinite(g[j]) || !Float.isFinite(gce[j])) {
                        finite = false;
                    } else {
                        gMax = Math.max(gMax, Math.abs(g[j]));
                        ceMax = Math.max(ceMax, Math.abs(gce[j]));
                    }
                }
                if (!finite) {
                    nonFinite++;
                }
                if (arg == labels[i]) {
                    correct++;
                    if (finite && gMax > 0 && ceMax <= 1e-30) {
                        vanishing++;
                    }
                }
            }
            Arrays.sort(ranges);
            double medianRange = ranges[n / 2];

            // errors[k][i]: relative error of the first-order prediction for sample i in probe k:
            // k = 0 gradient sign at 0.1%, 1 gradient sign at 1%, 2.. random signs at 0.1% of the range
            int probes = 2 + randomDirections;
            double[][] errors = new double[probes][n];
            int[] flatProbes = new int[n];
            SplittableRandom random = new SplittableRandom(seed);
            for (int k = 0; k < probes; k++) {
                float[] dir = new float[xs.length];
                for (int j = 0; j < xs.length; j++) {
                    dir[j] = k < 2 ? Math.signum(Float.isFinite(g[j]) ? g[j] : 0f) : (random.nextBoolean() ? 1f : -1f);
                }
                float h = (float) ((k == 1 ? LARGE_STEP : SMALL_STEP) * range);
                float[] moved = new float[xs.length];
                for (int j = 0; j < xs.length; j++) {
                    moved[j] = Math.min(hi, Math.max(lo, xs[j] + h * dir[j]));
                }
                float[] movedLogits;
                try (NDArray xm = NativeArrays.floats(scope, moved, x.getShape());
                        NDArray zm = model.logits(xm)) {
                    movedLogits = zm.toFloatArray();
                }
                double[] after = marginValues(movedLogits, labels, classes);
                for (int i = 0; i < n; i++) {
                    double pred = 0;
                    for (int j = i * item; j < (i + 1) * item; j++) {
                        if (Float.isFinite(g[j])) {
                            pred += (double) g[j] * ((double) moved[j] - xs[j]);
                        }
                    }
                    double actual = after[i] - base[i];
                    double size = Math.max(Math.abs(pred), Math.abs(actual));
                    double floor = 1e-5 * (1 + Math.abs(base[i]));
                    if (!(size > floor) || !Double.isFinite(actual) || !Double.isFinite(pred)) {
                        errors[k][i] = 1; // no measurable change: nothing for an attack to follow
                        flatProbes[i]++;
                    } else {
                        errors[k][i] = Math.min(1, Math.abs(actual - pred) / size);
                    }
                }
            }
            double gradientSmall = median(errors[0]);
            double gradientLarge = median(errors[1]);
            double[] randomErrors = new double[randomDirections * n];
            for (int k = 2; k < probes; k++) {
                System.arraycopy(errors[k], 0, randomErrors, (k - 2) * n, n);
            }
            double randomSmall = randomDirections == 0 ? 0 : median(randomErrors);
            int flat = 0;
            for (int i = 0; i < n; i++) {
                if (flatProbes[i] == probes) {
                    flat++;
                }
            }
            return new Measurement(
                    n, correct, nonFinite, vanishing, medianRange, gradientSmall, gradientLarge, randomSmall, flat);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /** max over wrong classes of the logit minus the true class's logit, per sample. */
    static NDArray margin(NDArray logits, NDArray labels, int classes) {
        NDArray oneHot = labels.oneHot(classes).toType(logits.getDataType(), false);
        NDArray trueLogit = logits.mul(oneHot).sum(new int[] {1});
        NDArray otherLogit = logits.sub(oneHot.mul(1e9f)).max(new int[] {1});
        return otherLogit.sub(trueLogit);
    }

    static NDArray crossEntropy(NDArray logits, NDArray labels, int classes) {
        NDArray oneHot = labels.oneHot(classes).toType(logits.getDataType(), false);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
    }

    static double[] marginValues(float[] logits, int[] labels, int classes) {
        double[] m = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            double other = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                if (c != labels[i]) {
                    other = Math.max(other, logits[i * classes + c]);
                }
            }
            m[i] = other - logits[i * classes + labels[i]];
        }
        return m;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "gradient checks on %d samples (%d random directions, logit range > %.0f, vanishing > %.2f, seed %d)",
                sampleSize,
                randomDirections,
                logitScaleLimit,
                vanishingFraction,
                seed);
    }
}
