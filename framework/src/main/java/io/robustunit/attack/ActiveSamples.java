package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.NativeArrays;

/**
 * The samples an attack run is still working on: their positions in the batch, clean inputs and
 * one-hot labels (and targets), all with the same leading axis. {@link #keep} drops samples (early
 * exit) by gathering every per-sample array.
 */
final class ActiveSamples {

    private final int[] rows;
    private final int[] targets;
    private final NDArray original;
    private final NDArray oneHotLabels;
    private final NDArray oneHotTargets;

    private ActiveSamples(int[] rows, int[] targets, NDArray original, NDArray oneHotLabels, NDArray oneHotTargets) {
        this.rows = rows;
        this.targets = targets;
        this.original = original;
        this.oneHotLabels = oneHotLabels;
        this.oneHotTargets = oneHotTargets;
    }

    /**
     * The samples at {@code rows} of the batch.
     *
     * @param batch the clean batch
     * @param targets target class per row (aligned with {@code rows}), or null for untargeted runs
     * @param owner the manager that owns the gathered arrays
     */
    static ActiveSamples of(NDManager owner, NDArray batch, StrongestIterates iterates, int[] rows, int[] targets) {
        NDArray original = select(batch, rows, owner);
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = iterates.label(rows[i]);
        }
        int classes = iterates.classes();
        return new ActiveSamples(
                rows.clone(),
                targets == null ? null : targets.clone(),
                original,
                oneHot(owner, labels, classes),
                targets == null ? null : oneHot(owner, targets, classes));
    }

    /** Rows {@code positions} of a per-sample array, owned by {@code owner}. */
    static NDArray select(NDArray array, int[] positions, NDManager owner) {
        long n = array.getShape().get(0);
        if (positions.length == n && isIdentity(positions)) {
            return copy(array, owner);
        }
        long[] index = new long[positions.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = positions[i];
        }
        try (NDArray idx = owner.create(index)) {
            NDArray out = array.get(owner, new NDIndex("{}", idx));
            out.attach(owner);
            return out;
        }
    }

    /** A copy of {@code array} owned by {@code owner}. */
    static NDArray copy(NDArray array, NDManager owner) {
        NDArray copy = array.duplicate();
        copy.attach(owner);
        return copy;
    }

    private static boolean isIdentity(int[] positions) {
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static NDArray oneHot(NDManager owner, int[] classesPerRow, int classes) {
        float[] values = new float[classesPerRow.length * classes];
        for (int i = 0; i < classesPerRow.length; i++) {
            values[i * classes + classesPerRow[i]] = 1f;
        }
        return NativeArrays.floats(owner, values, new Shape(classesPerRow.length, classes));
    }

    int size() {
        return rows.length;
    }

    boolean isEmpty() {
        return rows.length == 0;
    }

    /** Positions in the attacked batch. */
    int[] rows() {
        return rows;
    }

    NDArray original() {
        return original;
    }

    /** The per-sample loss of logits for these samples. */
    NDArray loss(Loss loss, NDArray logits) {
        return loss.perSample(logits, oneHotLabels, oneHotTargets);
    }

    /** Target class of active sample {@code i} (for targeted losses). */
    int target(int i) {
        return targets == null ? -1 : targets[i];
    }

    /**
     * The samples for which {@code keep} is true. The arrays of this set move to {@code retired}
     * (to be closed with it); the new set's arrays belong to {@code owner}.
     */
    ActiveSamples keep(boolean[] keep, NDManager owner, NDManager retired) {
        int[] local = positions(keep);
        int[] kept = new int[local.length];
        int[] keptTargets = targets == null ? null : new int[local.length];
        for (int i = 0; i < local.length; i++) {
            kept[i] = rows[local[i]];
            if (targets != null) {
                keptTargets[i] = targets[local[i]];
            }
        }
        ActiveSamples next = new ActiveSamples(
                kept,
                keptTargets,
                select(original, local, owner),
                select(oneHotLabels, local, owner),
                oneHotTargets == null ? null : select(oneHotTargets, local, owner));
        original.attach(retired);
        oneHotLabels.attach(retired);
        if (oneHotTargets != null) {
            oneHotTargets.attach(retired);
        }
        return next;
    }

    /** Indices {@code i} with {@code flags[i]} true. */
    static int[] positions(boolean[] flags) {
        int count = 0;
        for (boolean f : flags) {
            if (f) {
                count++;
            }
        }
        int[] out = new int[count];
        for (int i = 0, p = 0; i < flags.length; i++) {
            if (flags[i]) {
                out[p++] = i;
            }
        }
        return out;
    }

    /** The negation of {@code flags}. */
    static boolean[] not(boolean[] flags) {
        boolean[] out = new boolean[flags.length];
        for (int i = 0; i < flags.length; i++) {
            out[i] = !flags[i];
        }
        return out;
    }

    static boolean any(boolean[] flags) {
        for (boolean f : flags) {
            if (f) {
                return true;
            }
        }
        return false;
    }
}
