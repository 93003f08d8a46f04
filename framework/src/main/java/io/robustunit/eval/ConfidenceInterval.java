package io.robustunit.eval;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A two-sided confidence interval for a proportion.
 *
 * <pre>{@code
 * ConfidenceInterval ci = ConfidenceInterval.clopperPearson(631, 1000, 0.95);  // [0.600, 0.661]
 * }</pre>
 *
 * @param lower lower bound in [0, 1]
 * @param upper upper bound in [lower, 1]
 * @param confidence the coverage, e.g. 0.95
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ConfidenceInterval(double lower, double upper, double confidence) {

    public ConfidenceInterval {
        if (!(0 <= lower && lower <= upper && upper <= 1)) {
            throw new IllegalArgumentException("need 0 <= lower <= upper <= 1, was [" + lower + ", " + upper + "]");
        }
        checkConfidence(confidence);
    }

    /**
     * The exact (Clopper-Pearson) interval for {@code successes} out of {@code trials}: the bounds
     * are quantiles of Beta distributions, so coverage is at least {@code confidence} for every true
     * proportion. {@code 0/n} gives a lower bound of 0 and {@code n/n} an upper bound of 1.
     *
     * @throws IllegalArgumentException if {@code trials < 1}, {@code successes} is outside
     *     {@code [0, trials]}, or {@code confidence} is outside (0, 1)
     */
    public static ConfidenceInterval clopperPearson(int successes, int trials, double confidence) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, was " + trials);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("successes must be in [0, " + trials + "], was " + successes);
        }
        checkConfidence(confidence);
        double alpha = 1 - confidence;
        double lower = successes == 0 ? 0.0 : IncompleteBeta.inverse(alpha / 2, successes, trials - successes + 1.0);
        double upper =
                successes == trials ? 1.0 : IncompleteBeta.inverse(1 - alpha / 2, successes + 1.0, trials - successes);
        return new ConfidenceInterval(lower, upper, confidence);
    }

    /** Whether {@code p} lies in the closed interval. */
    public boolean contains(double p) {
        return lower <= p && p <= upper;
    }

    private static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95, was " + confidence);
        }
    }

    /** For example {@code [0.600, 0.661] (95%)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "[%.3f, %.3f] (%s%%)", lower, upper, stripZeros(confidence * 100));
    }

    private static String stripZeros(double percent) {
        String s = String.format(Locale.ROOT, "%.4f", percent);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
