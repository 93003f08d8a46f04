package io.robustunit.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.certify.Certificate;
import io.robustunit.certify.CertificationReport;
import io.robustunit.certify.CertificationSettings;
import io.robustunit.certify.Certifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A certified gate gets its Markdown row and JSON like every gate. */
class CertifiedGateSummaryTest {

    static GateOutcome outcome(GateStatus status) {
        CertificationSettings s = CertificationSettings.of(0.25, 10, 500, 0.001).withSeed(3);
        List<Certificate> certificates = List.of(
                Certifier.certificate(4, 0, new int[] {10, 0}, new int[] {490, 10}, s),
                Certifier.certificate(9, 1, new int[] {3, 7}, new int[] {260, 240}, s));
        CertificationReport report = CertificationReport.builder()
                .modelName("noise.pt")
                .dataset("toy", List.of("a", "b"))
                .settings(s)
                .certificates(certificates)
                .build();
        return GateOutcome.builder()
                .description("certified accuracy at L2 radius 0.250 >= 0.600")
                .metric("certified accuracy")
                .threshold(0.6)
                .measured(report.certifiedCount(0.25), 2)
                .status(status)
                .message(status == GateStatus.PASS ? null : "Expecting certified accuracy ...")
                .certification(report)
                .build();
    }

    @Test
    void theSummaryRowNamesTheModelTheSmoothingAndTheCertifiedAccuracy() {
        String md = MarkdownSummary.render(List.of(new MarkdownSummary.Entry(outcome(GateStatus.FAIL), "g1.json")));

        assertThat(md)
                .contains(
                        "| 1 | ❌ fail |  | noise.pt | randomized smoothing, Gaussian sigma=0.25, n0=10,"
                                + " n=500, alpha=0.001, seed=3 | certified accuracy at L2 radius 0.250 >= 0.600 | 0.500 (1/2) |");
        assertThat(md).contains("Expecting certified accuracy ...");
    }

    @Test
    void theGateJsonCarriesTheCertification() {
        String json = outcome(GateStatus.PASS).toJson();
        assertThat(json)
                .contains("\"certification\"")
                .contains("\"format\": \"robustunit-certification\"")
                .contains("\"radiusBound\"");
    }
}
