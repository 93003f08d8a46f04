package io.robustunit.eval;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A two-sided confidence interval for a {@link Proportion}.
 *
 * <pre>{@code
 * ConfidenceInterval ci = new Proportion(631, 1000).interval(0.95);  // [0.600, 0.661] (95%)
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

    /** Whether {@code p} lies in the closed interval. */
    public boolean contains(double p) {
        return lower <= p && p <= upper;
    }

    static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95, was " + confidence);
        }
    }

    /** The confidence as a percentage without trailing zeros: {@code 95%}, {@code 99.375%}. */
    public String confidenceText() {
        String s = String.format(Locale.ROOT, "%.4f", confidence * 100)
                .replaceAll("0+$", "")
                .replaceAll("\\.$", "");
        return s + "%";
    }

    /** For example {@code [0.600, 0.661] (95%)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "[%.3f, %.3f] (%s)", lower, upper, confidenceText());
    }
}
