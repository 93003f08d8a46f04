package io.robustunit.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.robustunit.model.Classifiers;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One TRADES step against the official TRADES code run by PyTorch 1.13
 * ({@code src/test/python/make_trades_fixtures.py}): same adversarial examples, losses, gradients,
 * SGD update and BatchNorm statistics.
 */
class PyTorchReferenceTest {

    static final Path DIR = Path.of("src/test/resources/trades");

    NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** name -> array, from lines "name;shape;values". */
    Map<String, NDArray> reference() throws Exception {
        Map<String, NDArray> map = new HashMap<>();
        for (String line : Files.readAllLines(DIR.resolve("trades-reference.csv"))) {
            String[] parts = line.split(";");
            long[] shape = parts[1].isEmpty()
                    ? new long[0]
                    : Arrays.stream(parts[1].split(","))
                            .mapToLong(Long::parseLong)
                            .toArray();
            String[] v = parts[2].split(",");
            float[] values = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                values[i] = Float.parseFloat(v[i]);
            }
            map.put(parts[0], manager.create(values, new Shape(shape)));
        }
        return map;
    }

    TradesTrainer trainer() {
        return TradesTrainer.builder()
                .threatModel(ThreatModel.linf(0.1))
                .beta(6)
                .innerSteps(10)
                .innerStepSize(0.025)
                .warmupSteps(0)
                .build();
    }

    /**
     * Equal up to sign flips where a gradient entry is within rounding of zero (PyTorch 1.13 and
     * DJL's 2.7.1 natives sum in different orders); a flip moves one pixel by a step and slightly
     * changes later steps.
     */
    @Test
    void theInnerMaximisationFindsThePyTorchAdversarialExamples() throws Exception {
        Map<String, NDArray> ref = reference();
        try (TrainableClassifier model =
                Classifiers.torchScript(DIR.resolve("trades-reference-cnn.pt"), Fixtures.MNIST)) {
            NDArray x = ref.get("x");
            NDArray cleanLogP = model.logits(x).logSoftmax(1);
            InnerMaximization inner = new InnerMaximization(ThreatModel.linf(0.1), 10, 0.025);

            NDArray adversarial = inner.maximise(
                    model, x, ref.get("start").duplicate(), logits -> TrainingLosses.klDivergence(cleanLogP, logits));

            float[] ours = adversarial.toFloatArray();
            float[] theirs = ref.get("x_adv").toFloatArray();
            int close = 0;
            for (int i = 0; i < ours.length; i++) {
                close += Math.abs(ours[i] - theirs[i]) <= 1e-5f ? 1 : 0;
            }
            assertThat((double) close / ours.length)
                    .as("share of pixels equal to PyTorch's")
                    .isGreaterThan(0.99);
            float ourKl = TrainingLosses.klDivergence(cleanLogP, model.logits(adversarial))
                    .sum()
                    .getFloat();
            float theirKl = TrainingLosses.klDivergence(cleanLogP, model.logits(ref.get("x_adv")))
                    .sum()
                    .getFloat();
            assertThat(ourKl).as("KL reached").isCloseTo(theirKl, within(0.01f * theirKl));
        }
    }

    @Test
    void theOuterStepMatchesPyTorchLossesGradientsUpdateAndBatchNormStatistics() throws Exception {
        Map<String, NDArray> ref = reference();
        try (TrainableClassifier model =
                Classifiers.torchScript(DIR.resolve("trades-reference-cnn.pt"), Fixtures.MNIST)) {
            List<NDArray> parameters = model.parameters();
            NDArray oneHot = ref.get("y").toType(DataType.INT32, false).oneHot(10);

            AdversarialStep.Outcome outcome =
                    trainer().newStep().outer(model, parameters, ref.get("x"), ref.get("x_adv"), oneHot, 0, 1.0);

            float[] losses = ref.get("losses").toFloatArray();
            assertThat(outcome.naturalLoss()).isCloseTo(losses[0], within(1e-5));
            assertThat(outcome.robustLoss()).isCloseTo(losses[1], within(1e-5));
            assertThat(outcome.loss()).isCloseTo(losses[2], within(1e-5));
            for (int i = 0; i < parameters.size(); i++) {
                String name = parameters.get(i).getName();
                assertClose("gradient of " + name, outcome.gradients().get(i), ref.get("grad." + name), 1e-5f);
            }
            try (ParameterUpdater sgd = new ParameterUpdater(OptimizerConfig.sgd(), parameters, manager);
                    NDManager scope = manager.newSubManager()) {
                sgd.apply(parameters, outcome.gradients(), 0.1, scope);
            }
            for (NDArray p : parameters) {
                assertClose("updated " + p.getName(), p, ref.get("param." + p.getName()), 1e-6f);
            }
            assertClose(
                    "eval logits after the step (BatchNorm statistics)",
                    model.logits(ref.get("probe")),
                    ref.get("probe_logits_after"),
                    1e-4f);
        }
    }

    static void assertClose(String what, NDArray actual, NDArray expected, float tolerance) {
        assertThat(actual.getShape()).as(what).isEqualTo(expected.getShape());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        float scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("%s[%d]", what, i).isCloseTo(e[i], within(tolerance * Math.max(1f, scale)));
        }
    }
}
