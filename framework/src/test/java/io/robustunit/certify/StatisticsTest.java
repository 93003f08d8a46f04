package io.robustunit.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values from SciPy 1.17 (norm, beta.ppf, binomtest). */
class StatisticsTest {

    @Test
    void normalDistributionAndQuantile() {
        assertThat(Normal.cdf(1.0)).isCloseTo(0.8413447460685429, within(1e-14));
        assertThat(Normal.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-12));
        assertThat(Normal.quantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-10));
        assertThat(Normal.quantile(0.999999)).isCloseTo(4.753424308817087, within(1e-9));
        assertThat(Normal.quantile(0.5)).isZero();
        for (double z = -8; z <= 3; z += 0.37) {
            assertThat(Normal.quantile(Normal.cdf(z))).isCloseTo(z, within(1e-8));
        }
    }

    @Test
    void oneSidedClopperPearsonLowerBound() {
        // statsmodels proportion_confint(990, 1000, alpha=0.002, method="beta")[0]
        assertThat(Binomial.lowerConfidenceBound(990, 1000, 0.001)).isCloseTo(0.9760361871553114, within(1e-10));
        assertThat(Binomial.lowerConfidenceBound(1000, 1000, 0.001)).isCloseTo(0.9931160484209338, within(1e-10));
        assertThat(Binomial.lowerConfidenceBound(1000, 1000, 0.001)).isCloseTo(Math.pow(0.001, 1e-3), within(1e-12));
        assertThat(Binomial.lowerConfidenceBound(0, 1000, 0.001)).isZero();
    }

    @Test
    void binomialTestAgainstOneHalf() {
        assertThat(Binomial.twoSidedPValueAtHalf(60, 100)).isCloseTo(0.05688793364098089, within(1e-12));
        assertThat(Binomial.twoSidedPValueAtHalf(40, 100)).isCloseTo(0.05688793364098089, within(1e-12));
        assertThat(Binomial.twoSidedPValueAtHalf(530, 1000)).isCloseTo(0.06202319509836343, within(1e-12));
        assertThat(Binomial.twoSidedPValueAtHalf(50, 100)).isEqualTo(1.0);
        assertThat(Binomial.twoSidedPValueAtHalf(0, 0)).isEqualTo(1.0);
    }

    @Test
    void certifyStatisticsFollowTheCounts() {
        CertificationSettings s = CertificationSettings.of(0.25, 100, 1000, 0.001);
        Certificate c = Certifier.certificate(7, 3, new int[] {0, 2, 0, 98}, new int[] {0, 10, 0, 990}, s);
        assertThat(c.selectedClass()).isEqualTo(3);
        assertThat(c.pALower()).isCloseTo(0.9760361871553114, within(1e-10));
        assertThat(c.radius()).isCloseTo(0.25 * Normal.quantile(0.9760361871553114), within(1e-12));
        assertThat(c.correct()).isTrue();

        Certificate wrong = Certifier.certificate(8, 1, new int[] {60, 40}, new int[] {520, 480}, s);
        assertThat(wrong.abstained()).isTrue();
        assertThat(wrong.radius()).isZero();
        assertThat(wrong.prediction()).isEqualTo(Certificate.ABSTAIN);
    }

    @Test
    void predictAbstainsWhenTheTopTwoAreNotSeparated() {
        assertThat(Certifier.prediction(0, 0, new int[] {60, 40, 0}, 0.05).abstained())
                .isTrue();
        assertThat(Certifier.prediction(0, 0, new int[] {62, 38, 0}, 0.05).prediction())
                .isZero();
        assertThat(Certifier.prediction(0, 2, new int[] {1, 3, 96}, 0.001).prediction())
                .isEqualTo(2);
    }

    @Test
    void settingsRejectBadValues() {
        assertThatThrownBy(() -> CertificationSettings.of(0, 100, 1000, 0.001)).hasMessageContaining("sigma");
        assertThatThrownBy(() -> CertificationSettings.of(0.25, 0, 1000, 0.001)).hasMessageContaining("n0");
        assertThatThrownBy(() -> CertificationSettings.of(0.25, 100, 0, 0.001)).hasMessageContaining("n (");
        assertThatThrownBy(() -> CertificationSettings.of(0.25, 100, 1000, 0.5)).hasMessageContaining("alpha");
    }
}
