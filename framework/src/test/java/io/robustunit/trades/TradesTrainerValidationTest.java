package io.robustunit.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.InputGradient;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.ThreatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradesTrainerValidationTest {

    @TempDir
    Path dir;

    static TradesTrainer.Builder valid() {
        return TradesTrainer.builder()
                .threatModel(ThreatModel.linf(0.1))
                .innerSteps(1)
                .batchSize(4)
                .epochs(1);
    }

    @Test
    void theBuilderBuildsOneValidatedConfigThatATrainerCanBeMadeFromDirectly() {
        TradesTrainer built =
                valid().heldOut(Fixtures.randomImages(8, 1)).seed(7).build();
        TradesConfig config = built.config();

        assertThat(config.innerStepSize()).as("epsilon / 4 by default").isEqualTo(0.1 / 4);
        assertThat(config.selection().heldOutAttack())
                .as("the default held-out attack")
                .hasToString(TradesTrainer.defaultHeldOutAttack(ThreatModel.linf(0.1), 7)
                        .toString());
        assertThat(config.checkpoints()).isEqualTo(TradesConfig.Checkpoints.none());
        TradesTrainer direct = TradesTrainer.of(config);
        assertThat(direct.settings()).isEqualTo(built.settings());
        assertThat(direct.config()).isSameAs(config);

        assertThatThrownBy(() -> new TradesConfig.Checkpoints(null, 5))
                .hasMessageContaining("call checkpointDirectory(dir)");
        assertThatThrownBy(() -> new TradesConfig.Selection(null, null, null, 5))
                .hasMessageContaining("call heldOut(images)");
        assertThatThrownBy(() -> new TradesConfig(
                        ThreatModel.linf(0.1),
                        TrainingObjective.TRADES,
                        -1,
                        0,
                        1,
                        Double.NaN,
                        0.001,
                        1,
                        4,
                        OptimizerConfig.sgd(),
                        LearningRateSchedule.constant(0.01),
                        0,
                        TrainingListener.none(),
                        TradesConfig.Selection.finalModel(null),
                        TradesConfig.Checkpoints.none()))
                .hasMessage("beta must be a finite number >= 0, was -1.0");
    }

    @Test
    void badSettingsAreRejectedNamingTheSettingAndTheValidRange() {
        assertThatThrownBy(() -> TradesTrainer.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threatModel is required");
        assertThatThrownBy(() -> valid().beta(-1).build()).hasMessage("beta must be a finite number >= 0, was -1.0");
        assertThatThrownBy(() -> valid().beta(Double.NaN).build()).hasMessageContaining("beta must be a finite number");
        assertThatThrownBy(() -> valid().epochs(0).build()).hasMessage("epochs must be >= 1, was 0");
        assertThatThrownBy(() -> valid().learningRate(0).build())
                .hasMessage("learning rate must be a finite number > 0, was 0.0");
        assertThatThrownBy(() -> valid().learningRate(-0.1).build()).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> valid().innerSteps(0).build()).hasMessage("innerSteps must be >= 1, was 0");
        assertThatThrownBy(() -> valid().innerStepSize(0).build()).hasMessageContaining("innerStepSize must be");
        assertThatThrownBy(() -> valid().initialNoise(-1).build()).hasMessageContaining("initialNoise must be");
        assertThatThrownBy(() -> valid().batchSize(0).build()).hasMessage("batchSize must be >= 1, was 0");
        assertThatThrownBy(() -> valid().evaluateEvery(5).build()).hasMessageContaining("call heldOut(images)");
        assertThatThrownBy(() -> valid().checkpointEvery(5).build())
                .hasMessageContaining("call checkpointDirectory(dir)");
        assertThatThrownBy(() -> valid().threatModel(ThreatModel.linf(0)).build())
                .hasMessageContaining("epsilon 0");
        assertThatThrownBy(() -> OptimizerConfig.sgd().withMomentum(1))
                .hasMessageContaining("momentum must be in [0, 1)");
        assertThatThrownBy(() -> OptimizerConfig.sgd().withWeightDecay(-1)).hasMessageContaining("weight decay");
        assertThatThrownBy(() -> LearningRateSchedule.piecewise(0.1).decayAt(1, 0))
                .hasMessageContaining("decay factor");
        assertThatThrownBy(() -> LearningRateSchedule.piecewise(0.1).decayAt(-1, 0.1))
                .hasMessageContaining("milestone");
    }

    @Test
    void anUnwritableOutputFailsBeforeAnyTrainingStep() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        AtomicInteger steps = new AtomicInteger();
        TradesTrainer trainer = valid().output(file.resolve("model.pt"))
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(TrainingStep step) {
                        steps.incrementAndGet();
                    }
                })
                .build();
        try (TrainableClassifier model = Fixtures.tradesCnn()) {
            List<float[]> before = Fixtures.snapshot(model);

            assertThatThrownBy(() -> trainer.fit(model, Fixtures.randomImages(8, 1)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Cannot write to the folder of the output model file " + file)
                    .hasMessageContaining("before training starts");

            assertThat(steps).hasValue(0);
            assertThat(Fixtures.snapshot(model)).usingRecursiveComparison().isEqualTo(before);
        }
    }

    @Test
    void anOutputThatIsADirectoryOrAnUnwritableCheckpointFolderFailsBeforeTraining() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        try (TrainableClassifier model = Fixtures.tradesCnn()) {
            assertThatThrownBy(() -> valid().output(dir).build().fit(model, Fixtures.randomImages(8, 1)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is a directory");
            assertThatThrownBy(() -> valid().checkpointDirectory(file.resolve("ck"))
                            .build()
                            .fit(model, Fixtures.randomImages(8, 1)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("checkpoint directory");
        }
    }

    @Test
    void aModelWithoutParametersIsRejectedSayingThereIsNothingToTrain() {
        InputContract contract = Fixtures.MNIST;
        LambdaBlock firstTenPixels = new LambdaBlock(
                list -> new NDList(list.singletonOrThrow().reshape(-1, 784).get(":, 0:10")), "first-ten-pixels");
        try (TrainableClassifier model = Classifiers.djl(firstTenPixels, "pixels", contract)) {
            assertThatThrownBy(() -> valid().build().fit(model, Fixtures.randomImages(8, 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Model pixels has no parameters, so there is nothing to train");
        }
    }

    @Test
    void aModelWhoseParametersNeverRequireGradientsIsRejectedSayingWhy() throws Exception {
        try (TrainableClassifier frozen = new Frozen(Fixtures.tradesCnn())) {
            assertThatThrownBy(() -> valid().build().fit(frozen, Fixtures.randomImages(8, 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has 6 parameters but none of them requires a gradient")
                    .hasMessageContaining("setParametersTrainable(true)");
        }
    }

    @Test
    void dataThatDoesNotFitTheModelIsRejected() throws Exception {
        LabeledImages rgb = LabeledImages.of(
                "rgb", new int[] {3, 28, 28}, FashionMnist.CLASS_NAMES, new float[3 * 784], new int[] {0}, null);
        try (TrainableClassifier model = Fixtures.tradesCnn()) {
            assertThatThrownBy(() -> valid().build().fit(model, rgb))
                    .hasMessageContaining("training set rgb has images (3, 28, 28)")
                    .hasMessageContaining("expects (1, 28, 28)");
            assertThatThrownBy(() -> valid().build()
                            .fit(model, Fixtures.randomImages(8, 1).first(0)))
                    .hasMessageContaining("is empty");
            assertThatThrownBy(() -> valid().threatModel(ThreatModel.linf(0.1).withInputRange(-1, 1))
                            .build()
                            .fit(model, Fixtures.randomImages(8, 1)))
                    .hasMessageContaining(
                            "declares inputs in [-1.0, 1.0] but model trades-cnn.pt's contract declares [0.0, 1.0]");
        }
    }

    @Test
    void resumingWithOtherSettingsOrAnotherTrainingSetIsRejected() throws Exception {
        Path checkpoints = dir.resolve("ck");
        LabeledImages data = Fixtures.randomImages(8, 1);
        try (TrainableClassifier model = Fixtures.tradesCnn()) {
            valid().checkpointDirectory(checkpoints).build().fit(model, data);
        }
        TrainingCheckpoint checkpoint = TrainingCheckpoint.latest(checkpoints).orElseThrow();
        try (TrainableClassifier model = Classifiers.torchScript(checkpoint.modelFile(), Fixtures.MNIST)) {
            assertThatThrownBy(() -> valid().beta(1).build().resume(model, data, checkpoint))
                    .hasMessageContaining("different settings")
                    .hasMessageContaining("beta 6.0")
                    .hasMessageContaining("beta 1.0");
            assertThatThrownBy(() -> valid().build().resume(model, Fixtures.randomImages(12, 1), checkpoint))
                    .hasMessageContaining("trained on 8 images but the training set random has 12");
            assertThatThrownBy(() -> valid().build().resume(model, Fixtures.randomImages(8, 2), checkpoint))
                    .hasMessageContaining("trained on other images than the training set random (same size");
        }
    }

    @Test
    void aCorruptCheckpointSidecarIsReportedWithItsPath() throws Exception {
        Files.writeString(dir.resolve(TrainingCheckpoint.SIDECAR), "format=something-else\n");
        assertThatThrownBy(() -> TrainingCheckpoint.latest(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve(TrainingCheckpoint.SIDECAR).toString())
                .hasMessageContaining("not a RobustUnit TRADES checkpoint");
        assertThat(TrainingCheckpoint.latest(dir.resolve("empty"))).isEmpty();
    }

    /** A TrainableClassifier whose setParametersTrainable does nothing (all parameters stay frozen). */
    private record Frozen(TrainableClassifier delegate) implements TrainableClassifier {
        @Override
        public Format format() {
            return delegate.format();
        }

        @Override
        public List<NDArray> parameters() {
            return delegate.parameters();
        }

        @Override
        public void setParametersTrainable(boolean trainable) {}

        @Override
        public NDArray trainingLogits(NDArray inputs) {
            return delegate.trainingLogits(inputs);
        }

        @Override
        public void save(Path file) throws IOException {
            delegate.save(file);
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public InputContract contract() {
            return delegate.contract();
        }

        @Override
        public Device device() {
            return delegate.device();
        }

        @Override
        public NDArray logits(NDArray inputs) {
            return delegate.logits(inputs);
        }

        @Override
        public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
            return delegate.inputGradient(inputs, loss);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
