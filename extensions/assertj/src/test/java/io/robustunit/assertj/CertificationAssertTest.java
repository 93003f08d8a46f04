package io.robustunit.assertj;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;
import static io.robustunit.certify.GaussianNoise.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.certify.CertificationReport;
import io.robustunit.certify.CertificationSettings;
import io.robustunit.certify.Certifier;
import io.robustunit.data.LabeledImages;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.model.Classifier;
import io.robustunit.validity.Finding;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertificationAssertTest {

    static final CertificationSettings SETTINGS =
            CertificationSettings.of(0.25, 20, 300, 0.01).withSeed(5);
    static Classifier linear;
    static LabeledImages data;
    static CertificationReport direct;

    final List<GateOutcome> published = new CopyOnWriteArrayList<>();
    GateListeners.Registration registration;

    @BeforeAll
    static void load() throws Exception {
        linear = Fixtures.model("linear-fashion.pt");
        data = Fixtures.test200().first(20);
        direct = Certifier.of(SETTINGS).certify(linear, data);
    }

    @AfterAll
    static void close() {
        linear.close();
    }

    @BeforeEach
    void listen() {
        Thread self = Thread.currentThread();
        registration = GateListeners.register(o -> {
            if (Thread.currentThread() == self) {
                published.add(o);
            }
        });
    }

    @AfterEach
    void stopListening() {
        registration.close();
    }

    @Test
    void theGateCertifiesTheSmoothedModelAndPublishesTheCertification() {
        double measured = direct.certifiedAccuracy(0.1);
        assertThat(direct.certifiedCount(0.1)).isPositive();

        assertThat(linear)
                .on(data)
                .smoothedWith(gaussian(0.25))
                .withSeed(5)
                .withBatchSize(128)
                .certifying(20, 300, 0.01)
                .hasCertifiedAccuracyAtLeast(measured)
                .atL2Radius(0.1);

        GateOutcome outcome = published.get(published.size() - 1);
        assertThat(outcome.status()).isEqualTo(GateStatus.PASS);
        assertThat(outcome.description())
                .isEqualTo(String.format(Locale.ROOT, "certified accuracy at L2 radius 0.100 >= %.3f", measured));
        assertThat(outcome.certification())
                .hasValueSatisfying(c -> assertThat(c.certificates()).isEqualTo(direct.certificates()));
        assertThat(outcome.attackDescription())
                .hasValueSatisfying(
                        d -> assertThat(d).contains("randomized smoothing, Gaussian sigma=0.25, n0=20, n=300"));
        assertThat(outcome.modelName()).hasValue("linear-fashion.pt");
    }

    @Test
    void aFailingGateNamesTheSettingsTheAbstentionsAndTheRadiusBound() {
        int certified = direct.certifiedCount(0.1);
        assertThatThrownBy(() ->
                        assertThat(direct).hasCertifiedAccuracyAtLeast(1.0).atL2Radius(0.1))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting certified accuracy of linear-fashion.pt on 20 Fashion-MNIST"
                        + " test images at L2 radius 0.100 to be at least 1.000 but was ")
                .hasMessageContaining("(" + certified + "/20; 95% CI ")
                .hasMessageContaining("(randomized smoothing, Gaussian sigma=0.25, n0=20, n=300, alpha=0.01, seed=5)")
                .hasMessageContaining(direct.abstentionCount() + " abstained")
                .hasMessageContaining(String.format(
                        Locale.ROOT, "n=300 draws certify at most L2 radius %.3f", SETTINGS.radiusBound()))
                .hasMessageNotContaining("no model can pass");
        assertThat(published.get(published.size() - 1).status()).isEqualTo(GateStatus.FAIL);
    }

    @Test
    void aRadiusBeyondWhatNAllowsSaysNoModelCanPassAndWhichNWould() {
        // 0.25 * PhiInverse(0.01^(1/300)) = 0.52: radius 1.0 needs n >= 2,977 at alpha 0.01
        assertThatThrownBy(() -> assertThat(direct).hasCertifiedAccuracyAtLeast(0.1, 1.0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("so no model can pass at radius 1.000: raise n to at least "
                        + String.format(Locale.ROOT, "%,d", SETTINGS.drawsNeededFor(1.0)));
        assertThat(SETTINGS.drawsNeededFor(1.0)).isGreaterThan(300);
        assertThat(SETTINGS.withSeed(0).radiusBound()).isLessThan(1.0);
    }

    @Test
    void aCertificationThatContradictsItsBoundsIsInvalidNotFailed() {
        var first = direct.certificates().stream()
                .filter(c -> !c.abstained())
                .findFirst()
                .orElseThrow();
        CertificationReport tampered = CertificationReport.fromJson(
                direct.toJson().replaceFirst("\"radius\": " + first.radius() + ",", "\"radius\": 3.0,"));

        InvalidEvaluationError e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> assertThat(tampered).hasCertifiedAccuracyAtLeast(0.0).atL2Radius(0.0),
                InvalidEvaluationError.class);

        assertThat(e)
                .hasMessageStartingWith("Invalid robustness evaluation (neither pass nor fail)")
                .hasMessageContaining("RADIUS_ABOVE_BOUND");
        assertThat(e.findings().has(Finding.Kind.INCONSISTENT_CERTIFICATION)).isTrue();
        assertThat(published.get(published.size() - 1).status()).isEqualTo(GateStatus.INVALID);
    }

    @Test
    void softAssertionsCollectEveryCertifiedGate() {
        SoftRobustnessAssertions softly = new SoftRobustnessAssertions();
        softly.assertThat(linear)
                .on(data)
                .smoothedWith(gaussian(0.25))
                .withSeed(5)
                .certifying(20, 300, 0.01)
                .hasCertifiedAccuracyAtLeast(1.0)
                .atL2Radius(0.0)
                .hasCertifiedAccuracyAtLeast(1.0)
                .atL2Radius(0.2);
        softly.assertThat(direct).hasCertifiedAccuracyAtLeast(0.0).atL2Radius(0.3);

        assertThat(softly.errorsCollected()).hasSize(2);
        assertThatThrownBy(softly::assertAll)
                .hasMessageContaining("L2 radius 0.000")
                .hasMessageContaining("L2 radius 0.200");
    }
}
