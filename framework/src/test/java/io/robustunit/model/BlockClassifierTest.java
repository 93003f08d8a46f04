package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockClassifierTest {

    static final InputContract CONTRACT = InputContract.of(new Shape(1, 4, 4), 0f, 1f, 3);

    static SequentialBlock mlp(int hidden) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(3).build());
    }

    @Test
    void savedParametersReloadIntoTheSameArchitectureWithIdenticalEvalLogits(@TempDir Path dir) throws Exception {
        Path params = dir.resolve("mlp.params");
        try (NDManager m = NDManager.newBaseManager();
                TrainableClassifier trained = Classifiers.djl(mlp(8), "mlp", CONTRACT)) {
            NDArray x = m.randomUniform(0f, 1f, CONTRACT.batchShape(5));
            float[] before = trained.logits(x).toFloatArray();
            assertThat(trained.logits(x).toFloatArray())
                    .as("dropout is off in evaluation")
                    .containsExactly(before);
            trained.save(params);
            try (TrainableClassifier reloaded = Classifiers.djl(mlp(8), params, CONTRACT)) {
                assertThat(reloaded.format()).isEqualTo(TrainableClassifier.Format.DJL);
                assertThat(reloaded.logits(x).toFloatArray()).containsExactly(before);
                try (InputGradient g =
                        reloaded.inputGradient(x, l -> l.get(":, 0").sum())) {
                    assertThat(g.logits().toFloatArray()).containsExactly(before);
                    assertThat(g.gradient().getShape()).isEqualTo(x.getShape());
                    assertThat(g.gradient().abs().sum().getFloat()).isPositive();
                }
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(params);
        }
    }

    @Test
    void parametersOfAnotherArchitectureAreRejectedNamingTheFile(@TempDir Path dir) throws Exception {
        Path params = dir.resolve("mlp8.params");
        try (TrainableClassifier small = Classifiers.djl(mlp(8), "mlp8", CONTRACT)) {
            small.save(params);
        }
        assertThatThrownBy(() -> Classifiers.djl(mlp(16), params, CONTRACT))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(params.toString())
                .hasMessageContaining("same architecture");
    }

    @Test
    void aMissingParameterFileIsNamed(@TempDir Path dir) {
        Path params = dir.resolve("absent.params");
        assertThatThrownBy(() -> Classifiers.djl(mlp(8), params, CONTRACT))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(params.toString());
    }
}
