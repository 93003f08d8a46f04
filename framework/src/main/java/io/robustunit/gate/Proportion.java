package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A measured value that is a share of samples, such as 631 robust samples out of 1000.
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

    /** For example {@code 631/1000}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d", count, total);
    }
}
