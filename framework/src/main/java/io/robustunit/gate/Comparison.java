package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** How a gate compares its measured value with its threshold. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Comparison {

    /** The value must be at least the threshold (accuracies). */
    AT_LEAST(">="),

    /** The value must be at most the threshold (attack success rates, error rates). */
    AT_MOST("<=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** {@code >=} or {@code <=}. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code value} meets {@code threshold} under this comparison. */
    public boolean holds(double value, double threshold) {
        return this == AT_LEAST ? value >= threshold : value <= threshold;
    }
}
