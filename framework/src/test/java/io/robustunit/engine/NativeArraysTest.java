package io.robustunit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class NativeArraysTest {

    @Test
    void arraysKeepTheirValuesWhenTheStagingBufferIsReused() {
        try (NDManager manager = RobustUnitEngine.pytorch().newBaseManager()) {
            NDArray first = NativeArrays.floats(manager, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray second = NativeArrays.floats(manager, new float[] {-1, -2}, new Shape(2));
            NDArray larger = NativeArrays.floats(manager, new float[100_000], new Shape(100_000));

            assertThat(first.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(first.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(second.toFloatArray()).containsExactly(-1, -2);
            assertThat(larger.sum().getFloat()).isZero();
        }
    }

    @Test
    void arraysBelongToTheGivenManagerAndDieWithIt() {
        try (NDManager outer = RobustUnitEngine.pytorch().newBaseManager()) {
            NDArray kept;
            try (NDManager scope = outer.newSubManager()) {
                kept = NativeArrays.floats(scope, new float[] {7}, new Shape(1));
                assertThat(kept.getManager()).isSameAs(scope);
            }
            assertThat(kept.isReleased()).isTrue();
        }
    }

    @Test
    void refusesAShapeThatDoesNotHoldTheData() {
        try (NDManager manager = RobustUnitEngine.pytorch().newBaseManager()) {
            assertThatThrownBy(() -> NativeArrays.floats(manager, new float[] {1, 2, 3}, new Shape(2, 2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("shape (2, 2) holds 4 values but 3 were given");
        }
    }
}
