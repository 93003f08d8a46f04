package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.RobustUnitEngine;
import org.junit.jupiter.api.Test;

/** Normalisation declared in the contract is applied in front of the model, in pixel space outside it. */
class NormalizationTest {

    static final Normalization CIFAR = Normalization.of(new float[] {0.5f, 0.25f, 0f}, new float[] {0.5f, 0.25f, 2f});

    @Test
    void appliesPerChannelMeanAndStd() {
        RobustUnitEngine.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 3, 2, 2));
            float[] out = CIFAR.apply(x).toFloatArray();
            assertThat(out[0]).isCloseTo(1f, within(1e-6f));
            assertThat(out[4]).isCloseTo(3f, within(1e-6f));
            assertThat(out[8]).isCloseTo(0.5f, within(1e-6f));
            assertThat(out[12]).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void theContractChecksTheChannelCountAndTheStatistics() {
        InputContract rgb = InputContract.of(new Shape(3, 32, 32), 0f, 1f, 10);
        assertThat(rgb.withNormalization(CIFAR).normalization()).isEqualTo(CIFAR);
        assertThat(rgb.withNormalization(CIFAR).toString()).contains("normalised by mean [0.5, 0.25, 0.0]");
        assertThatThrownBy(
                        () -> InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10).withNormalization(CIFAR))
                .hasMessageContaining("normalisation has 3 channel statistics but inputs have shape (1, 28, 28)");
        assertThatThrownBy(() -> Normalization.of(new float[] {0.5f}, new float[] {0f}))
                .hasMessageContaining("std finite and > 0");
        assertThatThrownBy(() -> Normalization.of(new float[] {0.5f, 0.5f}, new float[] {1f}))
                .hasMessageContaining("as many means as standard deviations");
    }
}
