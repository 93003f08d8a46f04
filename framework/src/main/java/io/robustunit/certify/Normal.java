package io.robustunit.certify;

/**
 * The standard normal distribution function {@code Phi} and its inverse, accurate to about 1e-14,
 * computed from the regularized incomplete gamma function ({@code erfc(x) = Q(1/2, x^2)}).
 */
final class Normal {

    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double EPS = 1e-16;

    private Normal() {}

    /** {@code Phi(z) = P(Z <= z)} for a standard normal {@code Z}. */
    public static double cdf(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        double tail = 0.5 * upperGammaHalf(0.5 * z * z);
        return z < 0 ? tail : 1 - tail;
    }

    /**
     * {@code PhiInverse(p)}: the {@code z} with {@code Phi(z) = p}; -infinity for 0, +infinity for 1.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public static double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], was " + p);
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (p > 0.5) {
            return -lowerQuantile(1 - p);
        }
        return lowerQuantile(p);
    }

    /** The quantile for {@code p <= 1/2}, by bisection refined with Newton steps on the lower tail. */
    private static double lowerQuantile(double p) {
        if (p == 0.5) {
            return 0;
        }
        double lo = -40;
        double hi = 0;
        for (int i = 0; i < 80; i++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double z = 0.5 * (lo + hi);
        for (int i = 0; i < 3; i++) {
            double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            if (density <= 0) {
                break;
            }
            double next = z - (cdf(z) - p) / density;
            if (!(next > lo && next < hi)) {
                break;
            }
            z = next;
        }
        return z;
    }

    /** The regularized upper incomplete gamma function {@code Q(1/2, x)}, i.e. {@code erfc(sqrt(x))}. */
    static double upperGammaHalf(double x) {
        double a = 0.5;
        if (x <= 0) {
            return 1;
        }
        double logFront = -x + a * Math.log(x) - LOG_SQRT_PI;
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < 10_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * EPS) {
                    break;
                }
            }
            return 1 - sum * Math.exp(logFront);
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                break;
            }
        }
        return Math.exp(logFront) * h;
    }
}
