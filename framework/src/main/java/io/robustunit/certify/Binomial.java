package io.robustunit.certify;

import io.robustunit.eval.Proportion;

/** The two binomial statistics of randomized smoothing (Cohen et al., 2019). */
final class Binomial {

    private Binomial() {}

    /**
     * The one-sided Clopper-Pearson lower confidence bound at level {@code 1 - alpha} on the success
     * probability after {@code successes} out of {@code trials} (the lower end of the two-sided exact
     * interval at level {@code 1 - 2 alpha}). All trials successful gives {@code alpha^(1/trials)}.
     *
     * @throws IllegalArgumentException if {@code alpha} is outside (0, 1/2) or the counts do not fit
     */
    public static double lowerConfidenceBound(int successes, int trials, double alpha) {
        checkAlpha(alpha);
        return new Proportion(successes, trials).interval(1 - 2 * alpha).lower();
    }

    /**
     * The two-sided p-value of the exact binomial test of {@code successes} out of {@code trials}
     * against success probability 1/2 (PREDICT's test of the top count against the runner-up).
     */
    public static double twoSidedPValueAtHalf(int successes, int trials) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, were " + successes + " and " + trials);
        }
        if (trials == 0) {
            return 1;
        }
        int k = Math.max(successes, trials - successes);
        if (2 * k == trials) {
            return 1;
        }
        return Math.min(1, 2 * upperTailAtHalf(k, trials));
    }

    /** {@code P(X >= k)} for {@code X ~ Binomial(n, 1/2)}, summed in log space. */
    static double upperTailAtHalf(int k, int n) {
        if (k <= 0) {
            return 1;
        }
        if (k > n) {
            return 0;
        }
        double logTwoN = n * Math.log(2);
        double logChoose = 0;
        double max = -logTwoN;
        double sum = 0;
        double[] logs = new double[n - k + 1];
        for (int j = n; j >= k; j--) {
            logs[n - j] = logChoose - logTwoN;
            max = Math.max(max, logs[n - j]);
            logChoose += Math.log(j) - Math.log(n - j + 1.0);
        }
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return Math.min(1, Math.exp(max + Math.log(sum)));
    }

    static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), e.g. 0.001, was " + alpha);
        }
    }
}
