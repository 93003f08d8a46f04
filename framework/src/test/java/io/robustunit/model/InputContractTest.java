package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.RobustUnitEngine;
import org.junit.jupiter.api.Test;

/** Bad batches and bad contract declarations, checked without a model. */
class InputContractTest {

    static final InputContract MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    @Test
    void anIntegerBatchIsRefusedNamingTheType() {
        RobustUnitEngine.pytorch();
        try (NDManager manager = NDManager.newBaseManager(RobustUnitEngine.PYTORCH)) {
            NDArray ints = manager.zeros(new Shape(1, 1, 28, 28), DataType.INT32);
            assertThatThrownBy(() -> MNIST.checkInput(ints, "m.pt"))
                    .isInstanceOf(ModelContractException.class)
                    .hasMessageContaining("Model m.pt expects float32 inputs but got int32");
        }
    }

    @Test
    void aBatchWithOneNanValueIsRefused() {
        RobustUnitEngine.pytorch();
        try (NDManager manager = NDManager.newBaseManager(RobustUnitEngine.PYTORCH)) {
            float[] values = new float[784];
            values[400] = Float.NaN;
            NDArray oneNan = manager.create(values, new Shape(1, 1, 28, 28));
            assertThatThrownBy(() -> MNIST.checkInput(oneNan, "m.pt"))
                    .isInstanceOf(ModelContractException.class)
                    .hasMessageContaining("Model m.pt expects inputs in [0.0, 1.0] but the batch spans [NaN, NaN]");
        }
    }

    @Test
    void anEmptyOrNonFiniteRangeIsRefused() {
        assertThatThrownBy(() -> InputContract.of(new Shape(1, 28, 28), 1f, 0f, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input range must be finite with min < max, was [1.0, 0.0]");
        assertThatThrownBy(() -> InputContract.of(new Shape(1, 28, 28), 0f, Float.POSITIVE_INFINITY, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input range must be finite");
    }

    @Test
    void fewerThanTwoClassesIsRefused() {
        assertThatThrownBy(() -> InputContract.of(new Shape(1, 28, 28), 0f, 1f, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numClasses must be >= 2, was 1");
    }
}
