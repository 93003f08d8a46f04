package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What defines a randomized-smoothing certificate (Cohen, Rosenfeld and Kolter, 2019): Gaussian
 * noise of standard deviation {@code sigma} in the data's pixel space, {@code n0} selection draws,
 * {@code n} estimation draws, failure probability {@code alpha}, and the seed of the noise. Two
 * certifications with equal settings on the same model and data give identical certificates,
 * whatever the batch size, thread count or shard.
 *
 * <pre>{@code
 * CertificationSettings s = CertificationSettings.of(0.25, 100, 100_000, 0.001).withSeed(0);
 * s.radiusBound();   // 0.25 * PhiInverse(0.001^(1/100000)) = 0.96: no sample can certify more
 * }</pre>
 *
 * @param sigma noise standard deviation, > 0
 * @param n0 draws that select the class, >= 1
 * @param n draws that estimate its probability, >= 1
 * @param alpha the probability that a returned certificate is wrong, in (0, 1/2)
 * @param seed seed of the noise; every sample's noise derives from it and the sample's dataset index
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CertificationSettings(double sigma, int n0, int n, double alpha, long seed) {

    public CertificationSettings {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a finite number > 0, e.g. 0.25, was " + sigma);
        }
        if (n0 < 1) {
            throw new IllegalArgumentException("n0 (selection draws) must be >= 1, e.g. 100, was " + n0);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n (estimation draws) must be >= 1, e.g. 100000, was " + n);
        }
        Binomial.checkAlpha(alpha);
    }

    /** Settings with seed 0. */
    public static CertificationSettings of(double sigma, int n0, int n, double alpha) {
        return new CertificationSettings(sigma, n0, n, alpha, 0L);
    }

    public CertificationSettings withSeed(long newSeed) {
        return new CertificationSettings(sigma, n0, n, alpha, newSeed);
    }

    /**
     * The largest radius {@code n} draws can certify: with all {@code n} draws agreeing the lower
     * bound is {@code alpha^(1/n)}, so no radius exceeds {@code sigma * PhiInverse(alpha^(1/n))}.
     * Zero when even unanimous draws cannot beat 1/2 (every sample abstains).
     */
    public double radiusBound() {
        double best = Math.pow(alpha, 1.0 / n);
        return best <= 0.5 ? 0 : sigma * Normal.quantile(best);
    }

    /** The smallest {@code n} whose {@link #radiusBound()} reaches {@code radius} at this sigma and alpha. */
    public int drawsNeededFor(double radius) {
        if (!(radius >= 0)) {
            throw new IllegalArgumentException("radius must be >= 0, was " + radius);
        }
        double p = Normal.cdf(radius / sigma);
        if (p >= 1) {
            return Integer.MAX_VALUE;
        }
        double draws = Math.ceil(Math.log(alpha) / Math.log(p));
        return draws >= Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(1, (int) draws);
    }

    /** For example {@code sigma=0.25, n0=100, n=100000, alpha=0.001, seed=0}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "sigma=%s, n0=%d, n=%d, alpha=%s, seed=%d", trim(sigma), n0, n, trim(alpha), seed);
    }

    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
