package io.robustunit.allure.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.certify.Certificate;
import io.robustunit.certify.CertificationReport;
import io.robustunit.certify.CertificationSettings;
import io.robustunit.certify.Certifier;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CertificationChartsTest {

    static final int CERTIFIED = 0x7D3C98;
    static final int THRESHOLD = 0x1E8449;
    static final int BOUND = 0x7F8C8D;

    /** 40 two-class certificates from synthetic counts: nA from 100 to 1000 of n = 1000. */
    static CertificationReport report() {
        CertificationSettings settings = CertificationSettings.of(0.5, 10, 1000, 0.001);
        List<Certificate> list = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int nA = 100 + i * 900 / 39;
            list.add(Certifier.certificate(
                    i, i % 7 == 0 ? 1 : 0, new int[] {10, 0}, new int[] {nA, 1000 - nA}, settings));
        }
        return CertificationReport.builder()
                .modelName("m.pt")
                .dataset("toy", List.of("a", "b"))
                .settings(settings)
                .certificates(list)
                .build();
    }

    @Test
    void theCurveShowsCertifiedAccuracyTheThresholdAndTheRadiusBound() {
        CertificationReport report = report();
        assertThat(report.valid()).as(report.findings().toString()).isTrue();
        RenderedAttachment png = new CertificationCharts().curve(report, OptionalDouble.of(0.4));

        BufferedImage image = Images.decode(png);

        assertThat(png.name()).isEqualTo("certified accuracy curve");
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(Images.count(image, CERTIFIED)).as("curve").isGreaterThan(200);
        assertThat(Images.count(image, THRESHOLD)).as("threshold line").isGreaterThan(200);
        assertThat(Images.count(image, BOUND)).as("radius bound line").isGreaterThan(100);
    }

    @Test
    void theHistogramHasABarPerOccupiedRadiusBin() {
        RenderedAttachment png = new CertificationCharts().radiusHistogram(report());

        BufferedImage image = Images.decode(png);

        assertThat(png.name()).isEqualTo("certified radius histogram");
        assertThat(Images.count(image, CERTIFIED)).as("bars").isGreaterThan(2000);
    }
}
