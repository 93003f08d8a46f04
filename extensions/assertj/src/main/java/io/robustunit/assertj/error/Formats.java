package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.gate.Measurement;
import java.util.Locale;
import org.apiguardian.api.API;

/** How numbers read in gate messages and descriptions. */
@API(status = INTERNAL, since = "0.1")
public final class Formats {

    private Formats() {}

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

    /** {@code 95% CI 0.600-0.661}. */
    public static String interval(ConfidenceInterval ci) {
        return percent(ci.confidence()) + " CI " + decimal(ci.lower()) + "-" + decimal(ci.upper());
    }

    /** {@code 0.631 (631/1000; 95% CI 0.600-0.661)}, with what of counts and interval is known. */
    public static String measured(Measurement m) {
        return counted(m, "");
    }

    /**
     * The value with its counts named, e.g. {@code 0.303 (274 of 905 clean-correct images broken; 95%
     * CI 0.273-0.334)} for {@code separator} {@code " of "} and {@code what} {@code " clean-correct
     * images broken"}.
     */
    static String counted(Measurement m, String separator, String what) {
        StringBuilder details = new StringBuilder();
        m.proportion()
                .ifPresent(p -> details.append(p.count())
                        .append(separator)
                        .append(p.total())
                        .append(what));
        m.interval()
                .ifPresent(
                        ci -> details.append(details.length() == 0 ? "" : "; ").append(interval(ci)));
        return details.length() == 0 ? decimal(m.value()) : decimal(m.value()) + " (" + details + ")";
    }

    private static String counted(Measurement m, String what) {
        return counted(m, "/", what);
    }

    /** The interval a confidence gate was judged by; it has one by construction. */
    static ConfidenceInterval intervalOf(Measurement m) {
        return m.interval()
                .orElseThrow(
                        () -> new IllegalArgumentException("a confidence gate's measurement needs an interval: " + m));
    }
}
