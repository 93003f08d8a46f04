package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The dataset indices an attack receives with a batch: each sample's index in its dataset, the key
 * of its randomness ({@link io.robustunit.random.Seeds#random}).
 *
 * <p>Custom attacks check what they are given:
 *
 * <pre>{@code
 * public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
 *     DatasetIndices.check(this, inputs.getShape().get(0), datasetIndices);
 *     for (int i = 0; i < datasetIndices.length; i++) {
 *         SplittableRandom random = Seeds.random(seed(), datasetIndices[i]);
 *         ...   // draw sample i's noise from random only
 *     }
 * }
 * }</pre>
 *
 * <p>Callers that attack a batch which is not part of an indexed dataset use
 * {@link #positions(int)} ({@code 0..n-1}) as its indices.
 */
@API(status = STABLE, since = "0.1")
public final class DatasetIndices {

    private DatasetIndices() {}

    /** {@code 0, 1, ..., n-1}: the indices of a batch that is its own dataset. */
    public static int[] positions(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /**
     * Checks that {@code datasetIndices} has one non-negative entry per sample of a batch of
     * {@code batchSize}.
     *
     * @throws IllegalArgumentException naming the attack and the fix otherwise
     */
    public static int[] check(Attack attack, long batchSize, int[] datasetIndices) {
        String name = attack == null ? "attack" : attack.name();
        if (datasetIndices == null) {
            throw new IllegalArgumentException(
                    name + ": datasetIndices must not be null; pass the dataset index of every"
                            + " sample (DatasetIndices.positions(n) for a batch of its own)");
        }
        if (datasetIndices.length != batchSize) {
            throw new IllegalArgumentException(name + ": " + datasetIndices.length + " dataset indices for a batch of "
                    + batchSize + " samples; pass one index per sample");
        }
        for (int i = 0; i < datasetIndices.length; i++) {
            if (datasetIndices[i] < 0) {
                throw new IllegalArgumentException(
                        name + ": dataset index " + datasetIndices[i] + " of sample " + i + " is negative");
            }
        }
        return datasetIndices;
    }

    /** The entries of {@code datasetIndices} at {@code rows}. */
    static int[] select(int[] datasetIndices, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = datasetIndices[rows[i]];
        }
        return out;
    }

    /** A short description of the indices for error messages, e.g. {@code [10..19] (10 samples)}. */
    static String describe(int[] datasetIndices) {
        if (datasetIndices.length == 0) {
            return "[] (0 samples)";
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i : datasetIndices) {
            min = Math.min(min, i);
            max = Math.max(max, i);
        }
        return "[" + min + ".." + max + "] (" + datasetIndices.length + " samples)";
    }
}
