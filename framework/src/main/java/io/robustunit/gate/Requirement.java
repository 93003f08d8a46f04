package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a gate requires: a metric compared with a threshold, and how the gate describes itself.
 *
 * <pre>{@code
 * Requirement.of("robust accuracy", Comparison.AT_LEAST, 0.7).description();  // robust accuracy >= 0.700
 * }</pre>
 *
 * @param description what the gate requires in words, e.g. {@code robust accuracy of class 'Coat' >= 0.400
 *     with 95% confidence}
 * @param metric the metric's name, e.g. {@code robust accuracy}
 * @param comparison whether the value must be at least or at most the threshold
 * @param threshold the required value
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Requirement(String description, String metric, Comparison comparison, double threshold) {

    public Requirement {
        requireText(description, "description");
        requireText(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be set to a finite number, was " + threshold);
        }
    }

    /** The requirement described by its metric, comparison and threshold, e.g. {@code robust accuracy >= 0.700}. */
    public static Requirement of(String metric, Comparison comparison, double threshold) {
        requireText(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        return new Requirement(
                String.format(Locale.ROOT, "%s %s %.3f", metric, comparison.symbol(), threshold),
                metric,
                comparison,
                threshold);
    }

    /** Whether {@code value} meets the requirement. */
    public boolean isMetBy(double value) {
        return comparison.holds(value, threshold);
    }

    /** The comparison and threshold as text, e.g. {@code >= 0.700}. */
    public String thresholdText() {
        return String.format(Locale.ROOT, "%s %.3f", comparison.symbol(), threshold);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set and not blank");
        }
    }
}
