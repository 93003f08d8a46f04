package io.robustunit.eval;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A k-of-n proportion: {@code count} of {@code total} samples, such as 631 robust images out of
 * 1000. Every share of samples in RobustUnit (accuracies, attack success rates, certified
 * accuracy, a gate's measured value) is one, and its exact confidence interval comes from here.
 *
 * <pre>{@code
 * Proportion robust = new Proportion(631, 1000);
 * robust.value();          // 0.631
 * robust.interval(0.95);   // [0.600, 0.661] (95%)
 * }</pre>
 *
 * @param count the samples that count, in {@code [0, total]}
 * @param total the samples measured, at least 1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Proportion(int count, int total) {

    public Proportion {
        if (total < 1) {
            throw new IllegalArgumentException("total must be >= 1, was " + total);
        }
        if (count < 0 || count > total) {
            throw new IllegalArgumentException("count must be in [0, " + total + "], was " + count);
        }
    }

    /** {@code count / total}. */
    public double value() {
        return (double) count / total;
    }

    /**
     * The exact (Clopper-Pearson) interval at {@code confidence}: the bounds are quantiles of Beta
     * distributions, so coverage is at least {@code confidence} for every true proportion.
     * {@code 0/n} gives a lower bound of 0 and {@code n/n} an upper bound of 1.
     *
     * @throws IllegalArgumentException if {@code confidence} is outside (0, 1)
     */
    public ConfidenceInterval interval(double confidence) {
        ConfidenceInterval.checkConfidence(confidence);
        double alpha = 1 - confidence;
        double lower = count == 0 ? 0.0 : IncompleteBeta.inverse(alpha / 2, count, total - count + 1.0);
        double upper = count == total ? 1.0 : IncompleteBeta.inverse(1 - alpha / 2, count + 1.0, total - count);
        return new ConfidenceInterval(lower, upper, confidence);
    }

    /** For example {@code 631/1000}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d", count, total);
    }
}
