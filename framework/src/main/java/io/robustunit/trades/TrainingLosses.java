package io.robustunit.trades;

import ai.djl.ndarray.NDArray;

/**
 * The per-sample loss functions a {@link TrainingObjective} combines (KL divergence and
 * cross-entropy), built from {@code logSoftmax}, {@code exp} and {@code sum} (DJL has no
 * KL-divergence loss). Results belong to the manager of the logits argument.
 */
final class TrainingLosses {

    private static final int[] CLASS_AXIS = {1};

    private TrainingLosses() {}

    /**
     * Per-sample {@code KL(p || q) = sum_k p_k (log p_k - log q_k)} with {@code q = softmax(logitsQ)},
     * as {@code [N]}.
     *
     * @param logP log-probabilities {@code [N, K]} of the reference distribution
     * @param logitsQ logits {@code [N, K]} of the other distribution
     */
    static NDArray klDivergence(NDArray logP, NDArray logitsQ) {
        return klDivergence(logP.exp(), logP, logitsQ);
    }

    /** As {@link #klDivergence(NDArray, NDArray)} with {@code p = exp(logP)} given. */
    static NDArray klDivergence(NDArray p, NDArray logP, NDArray logitsQ) {
        NDArray logQ = logitsQ.logSoftmax(1);
        return logQ.neg().add(logP).mul(p).sum(CLASS_AXIS);
    }

    /** Per-sample cross-entropy {@code -log softmax(logits)[label]}, as {@code [N]}. */
    static NDArray crossEntropy(NDArray logits, NDArray oneHotLabels) {
        return logits.logSoftmax(1).mul(oneHotLabels).sum(CLASS_AXIS).neg();
    }
}
