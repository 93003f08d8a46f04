package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Models that produce NaN logits: fixtures written by framework/src/test/python/make_test_models.py. */
class NonFiniteLogitsTest {

    static final InputContract MNIST = TorchScriptClassifierTest.MNIST;
    static final Path MODELS = TorchScriptClassifierTest.MODELS;

    @Test
    void aModelWithNanWeightsIsRefusedAtLoadNamingTheFileAndTheProbeBatch() {
        Path file = MODELS.resolve("nan-weights.pt");
        assertThatThrownBy(() -> Classifiers.torchScript(file, MNIST))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("Model nan-weights.pt returned NaN or infinite logits")
                .hasMessageContaining("for a batch of shape (2, 1, 28, 28)")
                .hasMessageContaining("check the model's weights (NaN parameters?)");
    }

    @Test
    void nanLogitsForOneBatchAreRefusedNamingTheModelAndTheBatch() throws Exception {
        try (TrainableClassifier model = Classifiers.torchScript(MODELS.resolve("nan-on-blank-input.pt"), MNIST);
                NDManager manager = NDManager.newBaseManager()) {
            NDArray grey = manager.full(new Shape(3, 1, 28, 28), 0.5f);
            assertThat(model.logits(grey).getShape()).isEqualTo(new Shape(3, 10));
            NDArray blank = manager.zeros(new Shape(3, 1, 28, 28));
            assertThatThrownBy(() -> model.logits(blank))
                    .isInstanceOf(ModelContractException.class)
                    .hasMessageContaining("Model nan-on-blank-input.pt returned NaN or infinite logits")
                    .hasMessageContaining("for a batch of shape (3, 1, 28, 28)");
            assertThatThrownBy(() -> model.inputGradient(blank, l -> l.sum()))
                    .isInstanceOf(ModelContractException.class)
                    .hasMessageContaining("Model nan-on-blank-input.pt returned NaN or infinite logits");
            try (InputGradient afterTheFailure = model.inputGradient(grey, l -> l.sum())) {
                assertThat(afterTheFailure.gradient().getShape())
                        .as("gradient recording was released")
                        .isEqualTo(grey.getShape());
            }
        }
    }
}
