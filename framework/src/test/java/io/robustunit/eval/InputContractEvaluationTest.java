package io.robustunit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.Toy.ShiftAttack;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputContract;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.ThreatModel;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The model's contract, declared once, decides the threat model's range and is checked against the data. */
class InputContractEvaluationTest {

    final RobustnessEvaluator evaluator =
            RobustnessEvaluator.builder().batchSize(4).build();

    /** Toy's pixel classifier with inputs declared in [-1, 1]. */
    static Classifier wideModel() {
        InputContract wide = InputContract.of(new Shape(1, 1, 3), -1f, 1f, 3);
        return new Classifier() {
            @Override
            public String name() {
                return "wide.pt";
            }

            @Override
            public InputContract contract() {
                return wide;
            }

            @Override
            public Device device() {
                return Device.cpu();
            }

            @Override
            public NDArray logits(NDArray inputs) {
                wide.checkInput(inputs, name());
                return inputs.reshape(inputs.getShape().get(0), 3);
            }

            @Override
            public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void aThreatModelWithoutARangeTakesTheModels() {
        RobustnessReport report = evaluator.evaluate(wideModel(), Toy.data(), ShiftAttack.of(0.1));
        assertThat(report.threatModel().min()).isEqualTo(-1f);
        assertThat(report.threatModel().max()).isEqualTo(1f);
        assertThat(report.threatModel().epsilon()).isEqualTo(0.1);
    }

    @Test
    void aDeclaredRangeThatDiffersFromTheModelsIsAnError() {
        ShiftAttack narrow = new ShiftAttack(ThreatModel.linf(0.1).withInputRange(0f, 1f), 0, 1, null);
        assertThatThrownBy(() -> evaluator.evaluate(wideModel(), Toy.data(), narrow))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declares inputs in [0.0, 1.0] but model wide.pt's contract declares [-1.0, 1.0]")
                .hasMessageContaining("drop withInputRange");
    }

    @Test
    void anEpsilonWiderThanTheModelsRangeIsAnError() {
        assertThatThrownBy(() -> evaluator.evaluate(new Toy.PixelClassifier(), Toy.data(), ShiftAttack.of(1.5)))
                .hasMessageContaining(
                        "Linf epsilon 1.5 exceeds the width of model pixel-argmax's input range [0.0, 1.0]");
    }

    @Test
    void dataOutsideTheModelsRangeIsRefusedSayingWhichSideToChange() {
        LabeledImages normalised = LabeledImages.of(
                "normalised", new int[] {1, 1, 3}, Toy.CLASSES, new float[] {-1.9f, 0.2f, 2.5f}, new int[] {2}, null);
        assertThatThrownBy(() -> evaluator.evaluate(new Toy.PixelClassifier(), normalised, ShiftAttack.of(0.1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "normalised holds values in [-1.9, 2.5] but model pixel-argmax declares inputs in [0.0, 1.0]")
                .hasMessageContaining("declare it (--range -1.9,2.5")
                .hasMessageContaining("otherwise scale the data");
    }

    @Test
    void dataOfAnotherShapeOrClassCountNamesBothSides() {
        LabeledImages rgb =
                LabeledImages.of("rgb", new int[] {3, 1, 3}, Toy.CLASSES, new float[9], new int[] {0}, null);
        assertThatThrownBy(() -> evaluator.evaluate(new Toy.PixelClassifier(), rgb, ShiftAttack.of(0.1)))
                .hasMessageContaining("expects inputs of shape (1, 1, 3) but rgb has images of shape (3, 1, 3)")
                .hasMessageContaining("the channel counts differ");
        LabeledImages two = LabeledImages.of(
                "two", new int[] {1, 1, 3}, java.util.List.of("a", "b"), new float[3], new int[] {0}, null);
        assertThatThrownBy(() -> evaluator.evaluate(new Toy.PixelClassifier(), two, ShiftAttack.of(0.1)))
                .hasMessageContaining("has 3 classes but two has 2 [a, b]");
    }
}
