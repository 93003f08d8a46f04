package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Isotropic Gaussian noise {@code N(0, sigma^2 I)} in the data's pixel space, the smoothing
 * distribution of randomized smoothing.
 *
 * <pre>{@code
 * import static io.robustunit.certify.GaussianNoise.gaussian;
 * assertThat(model).on(test).smoothedWith(gaussian(0.25)).certifying(100, 10_000, 0.001)
 *         .hasCertifiedAccuracyAtLeast(0.6).atL2Radius(0.25);
 * }</pre>
 *
 * @param sigma the standard deviation, finite and > 0
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record GaussianNoise(double sigma) {

    public GaussianNoise {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a finite number > 0, e.g. 0.25, was " + sigma);
        }
    }

    /** Gaussian noise of standard deviation {@code sigma}. */
    public static GaussianNoise gaussian(double sigma) {
        return new GaussianNoise(sigma);
    }

    /** The certification settings with this noise. */
    public CertificationSettings settings(int n0, int n, double alpha, long seed) {
        return new CertificationSettings(sigma, n0, n, alpha, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Gaussian noise sigma=%s", CertificationSettings.trim(sigma));
    }
}
