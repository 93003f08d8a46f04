package io.robustunit.assertj.error;

import io.robustunit.eval.ConfidenceInterval;
import java.util.Locale;

/**
 * A measured proportion with its count and exact confidence interval, rendered for messages as
 * {@code 0.631 (631/1000; 95% CI 0.600-0.661)}.
 *
 * @param successes the count
 * @param trials the total
 * @param interval the Clopper-Pearson interval of {@code successes / trials}
 */
public record Rate(int successes, int trials, ConfidenceInterval interval) {

    /** The rate with its Clopper-Pearson interval at {@code confidence}. */
    public static Rate of(int successes, int trials, double confidence) {
        return new Rate(successes, trials, ConfidenceInterval.clopperPearson(successes, trials, confidence));
    }

    public double value() {
        return (double) successes / trials;
    }

    /** {@code 95% CI 0.600-0.661}. */
    public String intervalText() {
        return percent(interval.confidence()) + " CI " + decimal(interval.lower()) + "-" + decimal(interval.upper());
    }

    /** {@code 0.631 (631/1000; 95% CI 0.600-0.661)}. */
    @Override
    public String toString() {
        return decimal(value()) + " (" + successes + "/" + trials + "; " + intervalText() + ")";
    }

    /** Three decimals: {@code 0.700}. */
    public static String decimal(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** {@code 95%}, {@code 99.9%}. */
    public static String percent(double confidence) {
        String s = String.format(Locale.ROOT, "%.4f", confidence * 100)
                .replaceAll("0+$", "")
                .replaceAll("\\.$", "");
        return s + "%";
    }
}
