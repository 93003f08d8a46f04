package io.robustunit.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.data.Batch;
import io.robustunit.model.GradientRecording;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.ThreatModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On trades-cnn.pt (conv + BatchNorm with non-trivial running statistics + dropout). tiny-cnn.pt
 * has the same layers but its 4-channel convolution hits a PyTorch 2.7.1 CPU bug (nondeterministic,
 * sometimes NaN input gradients), so it cannot be used where gradients matter.
 */
class InnerMaximizationTest {

    static TrainableClassifier model;
    NDManager manager = NDManager.newBaseManager();

    @BeforeAll
    static void load() throws Exception {
        model = Fixtures.tradesCnn();
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    Batch batch(int n) {
        return Fixtures.randomImages(n, 3).batch(manager, 0, n);
    }

    NDArray tradesExample(InnerMaximization inner, NDArray x) {
        NDArray cleanLogP = model.logits(x).logSoftmax(1);
        NDArray start = inner.gaussianStart(x, 0.001, new SplittableRandom(1));
        return inner.maximise(model, x, start, logits -> TrainingLosses.klDivergence(cleanLogP, logits));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linf", "l2"})
    void adversarialExamplesStayInsideTheBallAndTheInputRange(String norm) {
        ThreatModel threat = norm.equals("linf") ? ThreatModel.linf(0.1) : ThreatModel.l2(1.5);
        InnerMaximization inner = new InnerMaximization(threat, 10, threat.epsilon() / 4);
        NDArray x = batch(8).images();

        NDArray adversarial = tradesExample(inner, x);

        NDArray norms = threat.perturbationNorms(adversarial, x);
        assertThat(norms.max().getFloat()).isLessThanOrEqualTo((float) threat.epsilon() + 1e-5f);
        assertThat(norms.min().getFloat()).isGreaterThan((float) threat.epsilon() / 2);
        assertThat(adversarial.min().getFloat()).isGreaterThanOrEqualTo(0f);
        assertThat(adversarial.max().getFloat()).isLessThanOrEqualTo(1f);
    }

    @Test
    void theAscentIncreasesTheKlDivergenceFromTheCleanPrediction() {
        ThreatModel threat = ThreatModel.linf(0.1);
        NDArray x = batch(8).images();
        NDArray cleanLogP = model.logits(x).logSoftmax(1);
        InnerMaximization none = new InnerMaximization(threat, 0, 0.025);
        InnerMaximization ten = new InnerMaximization(threat, 10, 0.025);

        float atStart = TrainingLosses.klDivergence(cleanLogP, model.logits(tradesExample(none, x)))
                .sum()
                .getFloat();
        float afterAscent = TrainingLosses.klDivergence(cleanLogP, model.logits(tradesExample(ten, x)))
                .sum()
                .getFloat();

        assertThat(afterAscent).isGreaterThan(10 * atStart).isPositive();
    }

    @Test
    void theInnerMaximisationLeavesBatchNormStatisticsAndParametersAlone() {
        NDArray probe = batch(4).images();
        NDArray x = Fixtures.randomImages(16, 9).batch(manager, 0, 16).images();
        float[] evalLogitsBefore = model.logits(probe).toFloatArray();
        var parametersBefore = Fixtures.snapshot(model);

        tradesExample(new InnerMaximization(ThreatModel.linf(0.1), 10, 0.025), x);

        assertThat(model.logits(probe).toFloatArray()).containsExactly(evalLogitsBefore);
        assertThat(Fixtures.snapshot(model)).usingRecursiveComparison().isEqualTo(parametersBefore);
        assertThat(model.parameters())
                .allSatisfy(p -> assertThat(TorchAutograd.requiresGradient(p)).isFalse());
    }

    @Test
    void controlATrainingModeForwardDoesMoveTheBatchNormStatistics() throws Exception {
        try (TrainableClassifier fresh = Fixtures.tradesCnn()) {
            NDArray probe = batch(4).images();
            float[] before = fresh.logits(probe).toFloatArray();

            GradientRecording.run(
                    manager.getEngine(), c -> fresh.trainingLogits(batch(16).images()));

            float[] after = fresh.logits(probe).toFloatArray();
            assertThat(after).isNotEqualTo(before);
            assertThat(Math.abs(after[0] - before[0])).isGreaterThan(1e-4f);
        }
    }

    @Test
    void gaussianStartIsSeededAndClose() {
        NDArray x = batch(2).images();
        InnerMaximization inner = new InnerMaximization(ThreatModel.linf(0.1), 1, 0.025);

        float[] a = inner.gaussianStart(x, 0.001, new SplittableRandom(5)).toFloatArray();
        float[] b = inner.gaussianStart(x, 0.001, new SplittableRandom(5)).toFloatArray();
        float[] c = inner.gaussianStart(x, 0.001, new SplittableRandom(6)).toFloatArray();

        assertThat(a).containsExactly(b).isNotEqualTo(c);
        assertThat(ThreatModel.linf(0.1)
                        .perturbationNorms(x.getManager().create(a, x.getShape()), x)
                        .max()
                        .getFloat())
                .isCloseTo(0.004f, within(0.003f));
    }
}
