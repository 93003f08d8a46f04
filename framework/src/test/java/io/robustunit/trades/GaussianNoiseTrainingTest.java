package io.robustunit.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.certify.CertificationReport;
import io.robustunit.certify.Certifier;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifiers;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Gaussian noise augmentation, the training of randomized smoothing, as an objective of the trainer. */
class GaussianNoiseTrainingTest {

    static final Path DATA = Path.of("src/test/resources/fashion-mnist-200");
    static final double SIGMA = 0.5;

    static int smoothedCorrect(TrainableClassifier model, LabeledImages data) {
        CertificationReport r = Certifier.builder()
                .sigma(SIGMA)
                .draws(1, 32)
                .alpha(0.01)
                .seed(1)
                .batchSize(512)
                .build()
                .certify(model, data);
        return r.smoothedCorrectCount();
    }

    @Test
    void trainingOnNoisyImagesRaisesTheSmoothedAccuracyOfTheNaturalModel() throws Exception {
        LabeledImages train = FashionMnist.load(DATA, FashionMnist.Split.TRAIN);
        LabeledImages probe = train.first(64);
        TradesTrainer trainer = TradesTrainer.builder()
                .threatModel(ThreatModel.l2(0.5))
                .gaussianNoise(SIGMA)
                .epochs(3)
                .batchSize(25)
                .optimizer(OptimizerConfig.adam())
                .learningRate(0.001)
                .seed(3)
                .build();
        assertThat(trainer.objective()).isEqualTo(TrainingObjective.GAUSSIAN_NOISE);
        assertThat(trainer.settings()).startsWith("GAUSSIAN_NOISE sigma 0.5 ");

        try (TrainableClassifier model = Classifiers.torchScript(Fixtures.NATURAL_MODEL, Fixtures.MNIST)) {
            int before = smoothedCorrect(model, probe);
            TrainingResult result = trainer.fit(model, train);
            int after = smoothedCorrect(model, probe);

            assertThat(result.stepsThisRun()).isEqualTo(3L * ((train.size() + 24) / 25));
            System.out.printf(
                    "smoothed correct of 64 training images at sigma %s: before %d, after %d%n", SIGMA, before, after);
            assertThat(after)
                    .as("smoothed accuracy on 64 training images, before %d", before)
                    .isGreaterThan(before + 3);
        }
    }

    @Test
    void aTinySigmaIsRefused() {
        assertThatThrownBy(() -> TradesTrainer.builder()
                        .threatModel(ThreatModel.l2(0.5))
                        .gaussianNoise(0.001)
                        .build())
                .hasMessageContaining("gaussianNoise(0.25)");
        assertThatThrownBy(() -> TradesTrainer.builder().gaussianNoise(0)).hasMessageContaining("sigma");
    }
}
