package io.robustunit.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifiers;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * TRADES repairs the natural sample model: a short seeded run on a small Fashion-MNIST subset
 * raises PGD robust accuracy at L-inf 0.1 on held-out test images by more than 5 points (measured
 * on the current natural model: 0/300 -> 27/300). Skipped when
 * the full Fashion-MNIST (for training images) is not installed.
 */
class TradesRepairTest {

    static final Path TEST_IMAGES = Path.of("../sample-tests/src/test/resources/fashion-mnist-1000");
    static final ThreatModel LINF_01 = ThreatModel.linf(0.1);

    @Test
    void aShortTradesRunRaisesRobustAccuracyOfTheNaturalModel() throws Exception {
        assumeTrue(
                Files.isRegularFile(Path.of(FashionMnist.DEBIAN_DIR, "train-images-idx3-ubyte.gz")),
                "full Fashion-MNIST is not installed in " + FashionMnist.DEBIAN_DIR);
        assumeTrue(Files.isRegularFile(Fixtures.NATURAL_MODEL), "no natural sample model");
        LabeledImages train = FashionMnist.train().stratified(3200, 1);
        LabeledImages heldOut =
                FashionMnist.load(TEST_IMAGES, FashionMnist.Split.TEST).first(300);
        Attack pgd = Attacks.pgd(LINF_01).steps(10).randomStart(true).seed(3);
        RobustnessEvaluator evaluator =
                RobustnessEvaluator.builder().batchSize(150).build();
        TradesTrainer trainer = TradesTrainer.builder()
                .threatModel(LINF_01)
                .beta(6)
                .batchSize(64)
                .epochs(1)
                .learningRate(0.01)
                .seed(5)
                .warmupSteps(0) // the TRADES step itself; the ramp has its own test (CollapseAndWarmupTest)
                .build();

        try (TrainableClassifier model = Classifiers.torchScript(Fixtures.NATURAL_MODEL, Fixtures.MNIST)) {
            RobustnessReport before = evaluator.evaluate(model, heldOut, pgd);
            trainer.fit(model, train);
            RobustnessReport after = evaluator.evaluate(model, heldOut, pgd);
            System.out.printf(
                    "TRADES repair test: robust %d/%d -> %d/%d, clean %d -> %d%n",
                    before.robustCount(),
                    before.sampleCount(),
                    after.robustCount(),
                    after.sampleCount(),
                    before.cleanCorrectCount(),
                    after.cleanCorrectCount());

            assertThat(after.robustAccuracy())
                    .as("robust accuracy before %s, after %s", before.robustCount(), after.robustCount())
                    .isGreaterThan(before.robustAccuracy() + 0.05);
        }
    }
}
