package io.robustunit.attack;

import ai.djl.ndarray.NDArray;

/**
 * The losses gradient attacks ascend, each in two forms that agree: a differentiable per-sample
 * {@link NDArray} for the backward pass and a Java value from copied logits for bookkeeping.
 */
enum Loss {

    /** Cross-entropy with the true label. */
    CROSS_ENTROPY("CE") {
        @Override
        NDArray perSample(NDArray logits, NDArray oneHotLabels, NDArray oneHotTargets) {
            return logits.logSoftmax(1).mul(oneHotLabels).sum(new int[] {1}).neg();
        }

        @Override
        double value(LogitRows logits, int row, int label, int target) {
            return logits.crossEntropy(row, label);
        }
    },

    /** Targeted difference of logits ratio (needs at least four classes). */
    TARGETED_DLR("DLR") {
        @Override
        NDArray perSample(NDArray logits, NDArray oneHotLabels, NDArray oneHotTargets) {
            NDArray sorted = logits.sort(1);
            NDArray scale = sorted.get(":, -1")
                    .sub(sorted.get(":, -3").add(sorted.get(":, -4")).mul(0.5f))
                    .add(1e-12f);
            NDArray gap = logits.mul(oneHotLabels)
                    .sum(new int[] {1})
                    .sub(logits.mul(oneHotTargets).sum(new int[] {1}));
            return gap.neg().div(scale);
        }

        @Override
        double value(LogitRows logits, int row, int label, int target) {
            return logits.targetedDlr(row, label, target);
        }
    };

    private final String label;

    Loss(String label) {
        this.label = label;
    }

    /**
     * Per-sample loss {@code [m]}, differentiable.
     *
     * @param oneHotTargets one-hot target classes, or null for untargeted losses
     */
    abstract NDArray perSample(NDArray logits, NDArray oneHotLabels, NDArray oneHotTargets);

    /** The same loss for one row of copied logits. */
    abstract double value(LogitRows logits, int row, int label, int target);

    @Override
    public String toString() {
        return label;
    }
}
