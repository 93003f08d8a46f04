package io.robustunit.eval;

/**
 * Derives the seed of a batch from the attack's seed and the dataset indices of the batch's
 * samples, so that an evaluation gives the same result whatever the batch order or thread
 * scheduling, and every batch of a shard gets the same seed it would get in the whole set if
 * batched identically. (An attack sees one seed per batch, so a different batch composition
 * still changes a randomised attack's draws.)
 */
public final class BatchSeeds {

    private BatchSeeds() {}

    /** A well-mixed 64-bit seed from the attack seed and the batch's dataset indices (in order). */
    public static long derive(long attackSeed, int[] datasetIndices) {
        long h = mix(attackSeed ^ 0x5DEECE66DL);
        h = mix(h + datasetIndices.length);
        for (int index : datasetIndices) {
            h = mix(h ^ (index & 0xffffffffL) * 0x9E3779B97F4A7C15L);
        }
        return h;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
