package io.robustunit.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Certificates depend on (model, data, settings, dataset index) only. */
class CertifierReproducibilityTest {

    static final Path RESOURCES = Path.of("src/test/resources");
    static Classifier model;
    static LabeledImages images;
    static final CertificationSettings SETTINGS =
            CertificationSettings.of(0.25, 20, 200, 0.01).withSeed(11);

    @BeforeAll
    static void load() throws Exception {
        model = Classifiers.torchScript(
                RESOURCES.resolve("models/tiny-cnn.pt"), InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10));
        images = FashionMnist.load(RESOURCES.resolve("fashion-mnist-200"), FashionMnist.Split.TEST)
                .first(12);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static CertificationReport certify(int batchSize, LabeledImages data) {
        return Certifier.builder()
                .settings(SETTINGS)
                .batchSize(batchSize)
                .build()
                .certify(model, data);
    }

    @Test
    void batchSizeShardsAndThreadsDoNotChangeTheCertificates() throws Exception {
        CertificationReport reference = certify(500, images);

        CertificationReport oddBatches = certify(37, images);
        CertificationReport shard0 = certify(64, images.first(5));
        LabeledImages rest =
                images.select(java.util.stream.IntStream.range(5, 12).toArray(), images.name());
        CertificationReport shard1 = certify(1000, rest);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<CertificationReport>> parallel = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                parallel.add(pool.submit(() -> certify(50, images)));
            }
            for (Future<CertificationReport> f : parallel) {
                assertThat(f.get().certificates()).isEqualTo(reference.certificates());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(oddBatches.certificates()).isEqualTo(reference.certificates());
        assertThat(CertificationReport.merge(shard1, shard0).certificates()).isEqualTo(reference.certificates());
        assertThat(reference.valid()).as(reference.findings().toString()).isTrue();
        assertThat(reference.certificates()).allSatisfy(c -> {
            assertThat(c.draws()).isEqualTo(200);
            assertThat(c.selectionCount()).isBetween(1, 20);
        });
    }

    @Test
    void anotherSeedDrawsOtherNoise() {
        CertificationReport a = certify(500, images);
        CertificationReport b =
                Certifier.builder().settings(SETTINGS.withSeed(12)).build().certify(model, images);
        assertThat(b.certificates()).isNotEqualTo(a.certificates());
    }

    @Test
    void jsonRoundTripsAndFindingsAreRecomputed() {
        CertificationReport report = certify(500, images);
        CertificationReport back = CertificationReport.fromJson(report.toJson());
        assertThat(back.certificates()).isEqualTo(report.certificates());
        assertThat(back.settings()).isEqualTo(report.settings());
        assertThat(back.toJson()).isEqualTo(report.toJson());

        // GIVEN a report whose first certified radius was edited beyond what n = 200 allows
        Certificate first = report.certificates().stream()
                .filter(c -> !c.abstained())
                .findFirst()
                .orElseThrow();
        String tampered = report.toJson().replaceFirst("\"radius\": " + first.radius() + ",", "\"radius\": 5.0,");
        CertificationReport bad = CertificationReport.fromJson(tampered);
        assertThat(bad.valid()).isFalse();
        assertThat(bad.findings())
                .extracting(CertificationFinding::kind)
                .contains(
                        CertificationFinding.Kind.RADIUS_ABOVE_BOUND,
                        CertificationFinding.Kind.INCONSISTENT_CERTIFICATE);
    }

    @Test
    void mergeRefusesOtherSettingsAndConflictingCertificates() {
        CertificationReport a = certify(500, images.first(3));
        CertificationReport other =
                Certifier.builder().settings(SETTINGS.withSeed(99)).build().certify(model, images.first(3));
        assertThatThrownBy(() -> CertificationReport.merge(a, other))
                .hasMessageContaining("settings differ")
                .hasMessageContaining("seed=99");
        assertThatThrownBy(() -> CertificationReport.fromJson("{\"format\": \"robustunit-report\"}"))
                .isInstanceOf(CertificationFormatException.class)
                .hasMessageContaining("robustunit-report");
    }

    @Test
    void predictAgreesWithTheCertifiedClassWhereBothDecide() {
        CertificationReport report = certify(500, images);
        List<SmoothedPrediction> predictions = Certifier.of(SETTINGS).predict(model, images);
        assertThat(predictions).hasSize(images.size());
        for (int i = 0; i < predictions.size(); i++) {
            SmoothedPrediction p = predictions.get(i);
            Certificate c = report.certificates().get(i);
            assertThat(p.datasetIndex()).isEqualTo(c.datasetIndex());
            if (!p.abstained() && c.pALower() > 0.6) {
                assertThat(p.prediction()).isEqualTo(c.selectedClass());
            }
        }
    }
}
