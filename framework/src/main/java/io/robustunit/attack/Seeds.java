package io.robustunit.attack;

import java.util.SplittableRandom;

/**
 * Seeded randomness for attacks: one {@link SplittableRandom} per sample, derived from the attack's
 * seed, the batch seed and the sample's position, so results do not depend on threads, on DJL's
 * global generator, or on which other samples are still being attacked.
 */
final class Seeds {

    private Seeds() {}

    /** One generator per sample of a batch of {@code n}. */
    static SplittableRandom[] perSample(long attackSeed, long batchSeed, int n) {
        SplittableRandom batch = new SplittableRandom(mix(attackSeed, batchSeed));
        SplittableRandom[] generators = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            generators[i] = batch.split();
        }
        return generators;
    }

    /** Combines two seeds (SplitMix64 finaliser on each), so that (a, b) and (b, a) differ. */
    static long mix(long a, long b) {
        return stir(stir(a) + 0x9E3779B97F4A7C15L * (b + 1));
    }

    private static long stir(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
