package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Keeps, for every sample of a batch, the strongest point an attack has visited: the first one the
 * model misclassifies, otherwise the one with the lowest margin {@code z_y - max_{j != y} z_j}.
 * Margins come from the logits of the forward pass that visited the point, so bookkeeping needs no
 * extra forward pass.
 */
final class StrongestIterates {

    private final NDArray best;
    private final int[] labels;
    private final int classes;
    private final double[] margins;
    private final boolean[] broken;
    private final boolean[] misclassifiedClean;

    /**
     * @param scope the manager that owns the kept points until {@link #result}
     * @param inputs the clean batch (copied; every sample starts as its clean input)
     */
    StrongestIterates(NDManager scope, NDArray inputs, int[] labels, int classes) {
        this.best = inputs.duplicate();
        this.best.attach(scope);
        this.labels = labels;
        this.classes = classes;
        this.margins = new double[labels.length];
        this.broken = new boolean[labels.length];
        this.misclassifiedClean = new boolean[labels.length];
        java.util.Arrays.fill(margins, Double.POSITIVE_INFINITY);
    }

    int size() {
        return labels.length;
    }

    int label(int row) {
        return labels[row];
    }

    int classes() {
        return classes;
    }

    boolean isBroken(int row) {
        return broken[row];
    }

    /** The lowest margin seen for a sample (negative once broken). */
    double margin(int row) {
        return margins[row];
    }

    /**
     * Records the clean logits of the samples at {@code rows}: those already misclassified are
     * broken {@link AttackResult#MISCLASSIFIED_CLEAN} and are not attacked further.
     */
    void offerClean(int[] rows, float[] cleanLogits) {
        LogitRows logits = new LogitRows(cleanLogits, classes);
        for (int i = 0; i < rows.length; i++) {
            int row = rows[i];
            if (broken[row]) {
                continue;
            }
            margins[row] = Math.min(margins[row], logits.margin(i, labels[row]));
            if (logits.predicted(i) != labels[row]) {
                broken[row] = true;
                misclassifiedClean[row] = true;
            }
        }
    }

    /**
     * Offers the points {@code candidates} ({@code [rows.length, ...]}) visited by the samples at
     * {@code rows}, with their logits.
     *
     * @param clean whether the candidates are the clean inputs (misclassified ones are then marked
     *     {@link AttackResult#MISCLASSIFIED_CLEAN})
     * @return for each offered sample, whether it is broken now
     */
    boolean[] offer(int[] rows, NDArray candidates, float[] candidateLogits, boolean clean) {
        LogitRows logits = new LogitRows(candidateLogits, classes);
        double[] margin = new double[rows.length];
        boolean[] misclassified = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            margin[i] = logits.margin(i, labels[rows[i]]);
            misclassified[i] = logits.predicted(i) != labels[rows[i]];
        }
        return offer(rows, candidates, margin, misclassified, clean);
    }

    /**
     * Like {@link #offer(int[], NDArray, float[], boolean)} with margins and predictions already
     * computed.
     */
    boolean[] offer(int[] rows, NDArray candidates, double[] margin, boolean[] misclassified, boolean clean) {
        boolean[] brokenNow = new boolean[rows.length];
        int[] improved = new int[rows.length];
        int count = 0;
        for (int i = 0; i < rows.length; i++) {
            int row = rows[i];
            if (broken[row]) {
                brokenNow[i] = true;
                continue;
            }
            if (misclassified[i] || margin[i] < margins[row]) {
                margins[row] = Math.min(margin[i], margins[row]);
                broken[row] = misclassified[i];
                misclassifiedClean[row] = misclassified[i] && clean;
                brokenNow[i] = misclassified[i];
                improved[count++] = i;
            }
        }
        keep(rows, candidates, improved, count);
        return brokenNow;
    }

    private void keep(int[] rows, NDArray candidates, int[] improved, int count) {
        if (count == 0) {
            return;
        }
        NDManager temp = candidates.getManager();
        if (count == rows.length && rows.length == labels.length && isIdentity(rows)) {
            best.set(new NDIndex(":"), candidates);
            return;
        }
        long[] local = new long[count];
        long[] global = new long[count];
        for (int i = 0; i < count; i++) {
            local[i] = improved[i];
            global[i] = rows[improved[i]];
        }
        try (NDArray localIndex = temp.create(local);
                NDArray globalIndex = temp.create(global);
                NDArray chosen = candidates.get(new NDIndex("{}", localIndex))) {
            best.set(new NDIndex("{}", globalIndex), chosen);
        }
    }

    private static boolean isIdentity(int[] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Positions of the samples not broken yet. */
    int[] unbroken() {
        int count = 0;
        for (boolean b : broken) {
            if (!b) {
                count++;
            }
        }
        int[] rows = new int[count];
        for (int i = 0, p = 0; i < broken.length; i++) {
            if (!broken[i]) {
                rows[p++] = i;
            }
        }
        return rows;
    }

    /**
     * The kept points, moved to {@code owner}, and each sample's attribution.
     *
     * @param attack the {@link Attack#toString()} credited with broken samples
     */
    AttackResult result(NDManager owner, String attack) {
        String[] by = new String[labels.length];
        for (int i = 0; i < by.length; i++) {
            if (misclassifiedClean[i]) {
                by[i] = AttackResult.MISCLASSIFIED_CLEAN;
            } else if (broken[i]) {
                by[i] = attack;
            }
        }
        best.attach(owner);
        return new AttackResult(best, by);
    }
}
