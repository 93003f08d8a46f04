package io.robustunit.trades;

/** Derives independent seeds from a base seed and a position (SplitMix64 finaliser). */
final class Seeds {

    private Seeds() {}

    static long mix(long seed, long... parts) {
        long h = scramble(seed);
        for (long part : parts) {
            h = scramble(h ^ scramble(part + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
