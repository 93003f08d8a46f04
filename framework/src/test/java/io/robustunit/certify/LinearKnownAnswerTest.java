package io.robustunit.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.robustunit.data.LabeledImages;
import org.junit.jupiter.api.Test;

/**
 * Known answers of randomized smoothing on a linear binary classifier {@code sign(w.x + b)}: the
 * smoothed classifier's {@code pA} is {@code Phi(|w.x+b| / (sigma ||w||))}, so the exact certified
 * radius {@code sigma * PhiInverse(pA)} equals the true L2 distance to the boundary.
 */
class LinearKnownAnswerTest {

    static final LinearClassifier MODEL = new LinearClassifier(new float[] {0.6f, -0.8f, 0f, 1.0f}, 0.1f);
    static final double SIGMA = 0.5;

    @Test
    void certifiedRadiusExceedsTheTrueDistanceAtMostAlphaOfTheTime() {
        // GIVEN a point at distance 0.35 (pA = Phi(0.7) = 0.758) and 400 independent certifications
        float[] x = {0.2f, -0.1f, 0.0f, 0.0f};
        double distance = MODEL.distance(x);
        double alpha = 0.01;
        LabeledImages copies = MODEL.copies(x, 400);

        CertificationReport report = Certifier.builder()
                .sigma(SIGMA)
                .draws(50, 1000)
                .alpha(alpha)
                .seed(7)
                .batchSize(4000)
                .build()
                .certify(MODEL, copies);

        // THEN the certified radius exceeds the true distance in at most ~alpha of the runs
        // (P(more than 12 of 400 | rate 0.01) < 1e-3)
        long above = report.certificates().stream()
                .filter(c -> c.radius() > distance)
                .count();
        assertThat(above).isLessThanOrEqualTo(12);
        assertThat(report.valid()).as(report.findings().toString()).isTrue();
        // and most certify a radius not far below it: pA_lower at n=1000 costs at most ~0.2 sigma
        double mean = report.certificates().stream()
                .mapToDouble(Certificate::radius)
                .average()
                .orElseThrow();
        assertThat(mean).isBetween(distance - 0.1, distance);
    }

    @Test
    void atLargeNTheRadiusApproachesTheClosedForm() {
        // n = 200,000: the one-sided bound costs 3.1 standard errors of pA, < 0.02 sigma in radius
        Certifier certifier = Certifier.builder()
                .sigma(SIGMA)
                .draws(100, 200_000)
                .alpha(0.001)
                .seed(3)
                .batchSize(20_000)
                .build();
        float[][] points = {{0.2f, -0.1f, 0f, 0f}, {0.5f, -0.4f, 0.3f, 0.2f}, {-0.3f, 0.1f, 0f, -0.1f}};
        for (float[] x : points) {
            double distance = MODEL.distance(x);
            double pA = Normal.cdf(distance / SIGMA);
            double closedForm = SIGMA * Normal.quantile(pA);
            Certificate c =
                    certifier.certify(MODEL, MODEL.copies(x, 1)).certificates().get(0);

            assertThat(closedForm).isCloseTo(distance, within(1e-9));
            assertThat(c.abstained()).isFalse();
            assertThat(c.correct()).isTrue();
            assertThat(c.radius())
                    .as("point at distance %s", distance)
                    .isLessThanOrEqualTo(closedForm + 0.005)
                    .isGreaterThanOrEqualTo(closedForm - 0.05 * SIGMA);
            assertThat((double) c.selectedCount() / c.draws()).isCloseTo(pA, within(0.005));
        }
    }

    @Test
    void smallNAbstainsWhenEvenUnanimousDrawsCannotBeatOneHalf() {
        // alpha^(1/n) = 0.001^(1/8) = 0.42 < 1/2: nothing can be certified with n = 8
        float[] far = {5f, -5f, 0f, 5f};
        CertificationSettings settings = CertificationSettings.of(SIGMA, 10, 8, 0.001);
        CertificationReport report = Certifier.of(settings).certify(MODEL, MODEL.copies(far, 20));

        assertThat(settings.radiusBound()).isZero();
        assertThat(report.abstentionCount()).isEqualTo(20);
        assertThat(report.certifiedCount(0)).isZero();
        assertThat(report.certificates()).allSatisfy(c -> {
            assertThat(c.selectedCount()).isEqualTo(8);
            assertThat(c.prediction()).isEqualTo(Certificate.ABSTAIN);
        });
    }

    @Test
    void smallNNeverCertifiesBeyondItsBoundEvenFarFromTheBoundary() {
        // GIVEN a point 6.0 from the boundary (12 sigma) and n = 50: all draws agree
        float[] far = {5f, -5f, 0f, 5f};
        CertificationSettings settings = CertificationSettings.of(SIGMA, 10, 50, 0.001);
        CertificationReport report = Certifier.of(settings).certify(MODEL, MODEL.copies(far, 5));

        double bound = SIGMA * Normal.quantile(Math.pow(0.001, 1.0 / 50));
        assertThat(settings.radiusBound()).isCloseTo(bound, within(1e-12));
        assertThat(report.certificates()).allSatisfy(c -> assertThat(c.radius()).isCloseTo(bound, within(1e-9)));
        assertThat(report.certifiedCount(bound + 1e-6)).isZero();
        assertThat(MODEL.distance(far)).isGreaterThan(10 * bound);
        assertThat(settings.drawsNeededFor(bound)).isEqualTo(50);
    }

    @Test
    void onTheBoundaryCertifyAbstains() {
        // w.x + b = 0: pA = 1/2, the lower bound stays below it
        float[] onBoundary = {0f, 0.125f, 0f, 0f};
        assertThat(MODEL.margin(onBoundary)).isCloseTo(0, within(1e-6));
        CertificationReport report =
                Certifier.builder().sigma(SIGMA).draws(100, 2000).build().certify(MODEL, MODEL.copies(onBoundary, 20));
        assertThat(report.abstentionCount()).isGreaterThanOrEqualTo(19);
    }
}
