package io.robustunit.attack;

import java.util.SplittableRandom;

/**
 * Per-sample randomness keyed by dataset index: every random draw an attack makes for a sample
 * comes from a generator seeded with (attack seed, dataset index) alone, so a sample's adversarial
 * example does not depend on the batch size, the other samples of its batch, their order, the
 * thread count or how the dataset was cut into shards.
 *
 * <p>Custom attacks get their generators here:
 *
 * <pre>{@code
 * public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
 *     SampleSeeds.check(this, inputs, datasetIndices);
 *     for (int i = 0; i < datasetIndices.length; i++) {
 *         SplittableRandom random = SampleSeeds.random(seed(), datasetIndices[i]);
 *         ...   // draw sample i's noise from random only
 *     }
 * }
 * }</pre>
 *
 * <p>Callers that attack a batch which is not part of an indexed dataset use
 * {@link #positions(int)} ({@code 0..n-1}) as its indices.
 */
public final class SampleSeeds {

    private SampleSeeds() {}

    /** The seed of the sample with {@code datasetIndex} under an attack seeded with {@code attackSeed}. */
    public static long seed(long attackSeed, int datasetIndex) {
        if (datasetIndex < 0) {
            throw new IllegalArgumentException("datasetIndex must be >= 0, was " + datasetIndex);
        }
        return stir(stir(attackSeed ^ 0x2545F4914F6CDD1DL) + 0x9E3779B97F4A7C15L * (datasetIndex + 1L));
    }

    /** A fresh generator for the sample with {@code datasetIndex}; the same arguments give the same draws. */
    public static SplittableRandom random(long attackSeed, int datasetIndex) {
        return new SplittableRandom(seed(attackSeed, datasetIndex));
    }

    /** One fresh generator per sample, in the order of {@code datasetIndices}. */
    public static SplittableRandom[] randoms(long attackSeed, int[] datasetIndices) {
        SplittableRandom[] generators = new SplittableRandom[datasetIndices.length];
        for (int i = 0; i < generators.length; i++) {
            generators[i] = random(attackSeed, datasetIndices[i]);
        }
        return generators;
    }

    /**
     * A seed for a named sub-stream (an ensemble member, a restart, a noise draw), so that two
     * consumers of the same sample's randomness do not draw the same numbers.
     */
    public static long derive(long seed, long stream) {
        return stir(stir(seed) + 0x9E3779B97F4A7C15L * (stream + 1));
    }

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

    /** The entries of {@code datasetIndices} at {@code rows}. */
    public static int[] select(int[] datasetIndices, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = datasetIndices[rows[i]];
        }
        return out;
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
                            + " sample (SampleSeeds.positions(n) for a batch of its own)");
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

    /** SplitMix64's finaliser. */
    private static long stir(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
