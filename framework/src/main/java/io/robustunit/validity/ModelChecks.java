package io.robustunit.validity;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.data.Batch;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.ExpectationOverTransformation;
import io.robustunit.model.InputGradient;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Checks of a model's behaviour that make any attack on it misleading: probability outputs,
 * nondeterministic eval-mode logits, vanishing input gradients. Each runs the model on the first
 * {@link #sampleSize()} images of the data (one batch), so checking costs a few forward and one
 * backward pass.
 *
 * <pre>{@code
 * ValidityReport report = ModelChecks.defaults().check(model, data);
 * if (!report.isValid()) { ... }
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class ModelChecks {

    private static final ModelChecks DEFAULTS = new ModelChecks(64, 0.5, 1e-3, 1e-5);

    private final int sampleSize;
    private final double zeroGradientFraction;
    private final double probabilityTolerance;
    private final double nondeterminismTolerance;

    private ModelChecks(
            int sampleSize, double zeroGradientFraction, double probabilityTolerance, double nondeterminismTolerance) {
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be >= 1, was " + sampleSize);
        }
        if (!(zeroGradientFraction > 0 && zeroGradientFraction <= 1)) {
            throw new IllegalArgumentException("zeroGradientFraction must be in (0, 1], was " + zeroGradientFraction);
        }
        this.sampleSize = sampleSize;
        this.zeroGradientFraction = zeroGradientFraction;
        this.probabilityTolerance = probabilityTolerance;
        this.nondeterminismTolerance = nondeterminismTolerance;
    }

    /**
     * 64 samples; gradient masking when more than half of them have a zero input gradient; rows
     * within 1e-3 of summing to 1 count as probabilities; logits that differ by more than 1e-5
     * (relative to their scale) between two calls count as nondeterministic.
     */
    public static ModelChecks defaults() {
        return DEFAULTS;
    }

    /** The same checks on the first {@code n} images. */
    public ModelChecks withSampleSize(int n) {
        return new ModelChecks(n, zeroGradientFraction, probabilityTolerance, nondeterminismTolerance);
    }

    /** Gradient masking is reported when more than this fraction of samples has a zero gradient. */
    public ModelChecks withZeroGradientFraction(double fraction) {
        return new ModelChecks(sampleSize, fraction, probabilityTolerance, nondeterminismTolerance);
    }

    public int sampleSize() {
        return sampleSize;
    }

    /** Runs every check on the first {@link #sampleSize()} images of {@code data}. */
    public ValidityReport check(Classifier model, LabeledImages data) {
        int n = Math.min(sampleSize, data.size());
        if (n == 0) {
            return ValidityReport.clean();
        }
        try (NDManager scope = NDManager.newBaseManager(model.device());
                Batch batch = data.batch(scope, 0, n)) {
            String where = describe(model, data, n);
            NDArray first = model.logits(batch.images());
            NDArray second = model.logits(batch.images());
            return ValidityReport.of(
                    probabilityOutputs(first, where),
                    model instanceof ExpectationOverTransformation
                            ? Optional.empty() // randomness accounted for: EOT gradients, repeated predictions
                            : nondeterministicLogits(first, second, where),
                    model.hasInputGradients() ? gradientMasking(model, batch, where) : Optional.empty());
        }
    }

    private Optional<Finding> probabilityOutputs(NDArray logits, String where) {
        float lo = logits.min().getFloat();
        float hi = logits.max().getFloat();
        NDArray rowSums = logits.sum(new int[] {1});
        float worstSum = rowSums.sub(1f).abs().max().getFloat();
        if (lo < -probabilityTolerance || hi > 1 + probabilityTolerance || worstSum > probabilityTolerance) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                Finding.Kind.PROBABILITY_OUTPUTS,
                String.format(
                        Locale.ROOT,
                        "%s: every output row lies in [0, 1] and sums to 1 (within %.0e): the model"
                                + " returns probabilities, not logits. Softmax saturates, so attacks see"
                                + " vanishing gradients and robustness is overstated. Export the model"
                                + " without its final softmax.",
                        where,
                        probabilityTolerance)));
    }

    private Optional<Finding> nondeterministicLogits(NDArray first, NDArray second, String where) {
        float scale = 1f + first.abs().max().getFloat();
        float diff = first.sub(second).abs().max().getFloat();
        if (diff <= nondeterminismTolerance * scale) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                Finding.Kind.NONDETERMINISTIC_LOGITS,
                String.format(
                        Locale.ROOT,
                        "%s: two identical eval-mode calls returned logits that differ by up to %.4g."
                                + " Randomness at inference (dropout left on, noise layers, random"
                                + " resizing) hides the gradient from attacks and makes one prediction"
                                + " per sample a lucky draw. Make eval mode deterministic, or evaluate"
                                + " the expectation: ExpectationOverTransformation.of(model, k) (AssertJ:"
                                + " withExpectationOverTransformation(k); CLI: --eot K) averages gradients"
                                + " and scores over k draws and counts a sample robust only if k repeated"
                                + " predictions are all right.",
                        where,
                        diff)));
    }

    private Optional<Finding> gradientMasking(Classifier model, Batch batch, String where) {
        if (!model.hasInputGradients()) {
            return Optional.empty(); // forward-only (ONNX): no gradient to mask, no gradient attack runs on it
        }
        NDArray labels = batch.labels();
        int classes = model.contract().numClasses();
        try (InputGradient g = model.inputGradient(batch.images(), logits -> marginLoss(logits, labels, classes))) {
            int n = batch.size();
            float[] largest =
                    g.gradient().abs().reshape(n, -1).max(new int[] {1}).toFloatArray();
            int zero = 0;
            for (float v : largest) {
                if (!(v > 1e-12f)) {
                    zero++;
                }
            }
            if (zero <= zeroGradientFraction * n) {
                return Optional.empty();
            }
            return Optional.of(new Finding(
                    Finding.Kind.GRADIENT_MASKING,
                    String.format(
                            Locale.ROOT,
                            "%s: the input gradient of the logit margin is zero on %d of %d samples."
                                    + " Gradient-based attacks cannot move such inputs, so their robust"
                                    + " accuracy is meaningless (input quantisation, thresholding or other"
                                    + " non-differentiable preprocessing?). Evaluate with a black-box attack"
                                    + " (Square) or BPDA.",
                            where,
                            zero,
                            n)));
        }
    }

    /** max over wrong classes of the logit minus the true class's logit, per sample. */
    private static NDArray marginLoss(NDArray logits, NDArray labels, int classes) {
        NDArray oneHot = labels.oneHot(classes).toType(logits.getDataType(), false);
        NDArray trueLogit = logits.mul(oneHot).sum(new int[] {1});
        NDArray otherLogit = logits.sub(oneHot.mul(1e9f)).max(new int[] {1});
        return otherLogit.sub(trueLogit);
    }

    /** The settings, e.g. {@code model checks on 64 samples (zero gradients > 0.50, ...)}; a cache key. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "model checks on %d samples (zero gradients > %.2f, probability tolerance %.0e, nondeterminism tolerance %.0e)",
                sampleSize,
                zeroGradientFraction,
                probabilityTolerance,
                nondeterminismTolerance);
    }

    static String describe(Classifier model, LabeledImages data, int n) {
        return String.format(Locale.ENGLISH, "Model %s on the first %,d %s images", model.name(), n, data.name());
    }
}
