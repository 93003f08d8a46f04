package io.robustunit.attack;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Formatting shared by the attacks' {@code toString()}. */
final class Describe {

    private Describe() {}

    /** Three decimals, or four significant digits when three decimals would hide the value. */
    static String number(double value) {
        String fixed = String.format(Locale.ROOT, "%.3f", value);
        if (Math.abs(Double.parseDouble(fixed) - value) <= 1e-9 * Math.max(1, Math.abs(value))) {
            return fixed;
        }
        return new BigDecimal(value)
                .round(new MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** {@code "1 restart"}, {@code "3 restarts"}. */
    static String count(int n, String singular) {
        return n + " " + singular + (n == 1 ? "" : "s");
    }
}
