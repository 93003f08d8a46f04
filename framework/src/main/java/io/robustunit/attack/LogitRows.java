package io.robustunit.attack;

/**
 * Per-sample quantities computed in Java from logits copied out of a forward pass ({@code [m, k]}
 * row-major), so that bookkeeping costs no extra native operations.
 */
final class LogitRows {

    private final float[] logits;
    private final int classes;

    LogitRows(float[] logits, int classes) {
        this.logits = logits;
        this.classes = classes;
    }

    int rows() {
        return logits.length / classes;
    }

    /** Index of the largest logit (the first one on ties, as {@code argmax} does). */
    int predicted(int row) {
        int base = row * classes;
        int best = 0;
        for (int j = 1; j < classes; j++) {
            if (logits[base + j] > logits[base + best]) {
                best = j;
            }
        }
        return best;
    }

    /** {@code z_label - max_{j != label} z_j}: negative once another class wins. */
    double margin(int row, int label) {
        int base = row * classes;
        double other = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            if (j != label) {
                other = Math.max(other, logits[base + j]);
            }
        }
        return logits[base + label] - other;
    }

    /** Cross-entropy {@code logsumexp(z) - z_label}. */
    double crossEntropy(int row, int label) {
        int base = row * classes;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            max = Math.max(max, logits[base + j]);
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
            sum += Math.exp(logits[base + j] - max);
        }
        return max + Math.log(sum) - logits[base + label];
    }

    /**
     * Targeted difference of logits ratio (Croce &amp; Hein 2020):
     * {@code -(z_label - z_target) / (z_pi1 - (z_pi3 + z_pi4) / 2 + 1e-12)} with {@code pi} the
     * classes sorted by decreasing logit.
     */
    double targetedDlr(int row, int label, int target) {
        float[] sorted = sortedDescending(row);
        int base = row * classes;
        double scale = sorted[0] - 0.5 * (sorted[2] + sorted[3]) + 1e-12;
        return -(logits[base + label] - logits[base + target]) / scale;
    }

    /** Classes by decreasing logit. */
    int[] ranking(int row) {
        int base = row * classes;
        Integer[] order = new Integer[classes];
        for (int j = 0; j < classes; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[base + b], logits[base + a]));
        int[] ranked = new int[classes];
        for (int j = 0; j < classes; j++) {
            ranked[j] = order[j];
        }
        return ranked;
    }

    private float[] sortedDescending(int row) {
        float[] values = java.util.Arrays.copyOfRange(logits, row * classes, (row + 1) * classes);
        java.util.Arrays.sort(values);
        for (int i = 0, j = values.length - 1; i < j; i++, j--) {
            float t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }
}
