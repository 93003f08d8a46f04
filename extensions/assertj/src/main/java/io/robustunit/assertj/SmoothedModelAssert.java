package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.cache.EvaluationCaches;
import io.robustunit.cache.EvaluationKey;
import io.robustunit.certify.CertificationReport;
import io.robustunit.certify.CertificationSettings;
import io.robustunit.certify.Certifier;
import io.robustunit.certify.GaussianNoise;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import java.util.Objects;
import org.apiguardian.api.API;
import org.assertj.core.util.CheckReturnValue;

/**
 * A model smoothed with Gaussian noise, before its certification: choose the seed (default 0) and
 * the forward batch size (never changes results), then {@link #certifying(int, int, double)}.
 *
 * <pre>{@code
 * assertThat(model).on(test).smoothedWith(gaussian(0.25)).withSeed(0).certifying(100, 1000, 0.001)
 *         .hasCertifiedAccuracyAtLeast(0.6).atL2Radius(0.25);
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class SmoothedModelAssert {

    private final Classifier model;
    private final LabeledImages data;
    private final GaussianNoise noise;
    private final AssertContext context;
    private long seed;
    private int batchSize = Certifier.DEFAULT_BATCH_SIZE;

    SmoothedModelAssert(Classifier model, LabeledImages data, GaussianNoise noise, AssertContext context) {
        this.model = model;
        this.data = data;
        this.noise = noise;
        this.context = context;
    }

    /** Seed of the noise (default 0); every image's noise derives from it and the image's dataset index. */
    @CheckReturnValue
    public SmoothedModelAssert withSeed(long newSeed) {
        this.seed = newSeed;
        return this;
    }

    /** Noisy draws per forward pass (default {@value Certifier#DEFAULT_BATCH_SIZE}); never changes results. */
    @CheckReturnValue
    public SmoothedModelAssert withBatchSize(int draws) {
        if (draws < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + draws);
        }
        this.batchSize = draws;
        return this;
    }

    /**
     * Runs CERTIFY (once per evaluation cache) with {@code n0} selection draws, {@code n} estimation
     * draws and failure probability {@code alpha} per image, and returns the certified gates.
     */
    @CheckReturnValue
    public CertificationAssert certifying(int n0, int n, double alpha) {
        CertificationSettings settings = noise.settings(n0, n, alpha, seed);
        Certifier certifier =
                Certifier.builder().settings(settings).batchSize(batchSize).build();
        EvaluationKey<CertificationReport> key =
                EvaluationKey.of(CertificationReport.class, model, data, "randomized smoothing CERTIFY " + settings);
        CertificationReport report =
                EvaluationCaches.current().computeIfAbsent(key, () -> certifier.certify(model, data));
        return context.create(
                CertificationAssert.class, CertificationAssert::new, Objects.requireNonNull(report, "report"));
    }
}
