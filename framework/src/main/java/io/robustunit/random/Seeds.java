package io.robustunit.random;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * Derives independent seeds from a base seed and a position (SplitMix64's finaliser), so that a
 * random draw depends on what it is for and never on the order in which draws were made.
 *
 * <p>Attacks key each sample's randomness by its dataset index: a sample's adversarial example then
 * does not depend on the batch size, the other samples of its batch, their order, the thread count or
 * how the dataset was cut into shards. A custom attack draws sample {@code i}'s noise from
 *
 * <pre>{@code
 * SplittableRandom random = Seeds.random(seed(), datasetIndices[i]);
 * }</pre>
 *
 * <p>Training keys its draws by a stream (batch order, start noise, dropout) and the epoch or step:
 * {@code Seeds.derive(seed, stream, step)}.
 */
@API(status = STABLE, since = "0.1")
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** The seed of the sample with {@code datasetIndex} under an attack seeded with {@code seed}. */
    public static long forSample(long seed, int datasetIndex) {
        if (datasetIndex < 0) {
            throw new IllegalArgumentException("datasetIndex must be >= 0, was " + datasetIndex);
        }
        return stir(stir(seed ^ 0x2545F4914F6CDD1DL) + GOLDEN_GAMMA * (datasetIndex + 1L));
    }

    /** A fresh generator for the sample with {@code datasetIndex}; the same arguments give the same draws. */
    public static SplittableRandom random(long seed, int datasetIndex) {
        return new SplittableRandom(forSample(seed, datasetIndex));
    }

    /** One fresh generator per sample, in the order of {@code datasetIndices}. */
    public static SplittableRandom[] randoms(long seed, int[] datasetIndices) {
        SplittableRandom[] generators = new SplittableRandom[datasetIndices.length];
        for (int i = 0; i < generators.length; i++) {
            generators[i] = random(seed, datasetIndices[i]);
        }
        return generators;
    }

    /**
     * A seed for the position {@code parts} (e.g. a stream and a step) below {@code seed}: different
     * positions give independent seeds, the same position the same seed.
     */
    public static long derive(long seed, long... parts) {
        long h = stir(seed);
        for (long part : parts) {
            h = stir(h ^ stir(part + GOLDEN_GAMMA));
        }
        return h;
    }

    private static long stir(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
