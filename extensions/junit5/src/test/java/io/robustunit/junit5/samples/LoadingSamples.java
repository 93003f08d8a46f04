package io.robustunit.junit5.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.robustunit.data.Batch;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.junit5.EvaluationData;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import io.robustunit.model.TrainableClassifier;
import org.junit.jupiter.api.Test;

public final class LoadingSamples {

    private LoadingSamples() {}

    static final String FRAMEWORK_RESOURCES = "../../framework/src/test/resources/";

    /** Real TorchScript models from the classpath and a path, IDX data from a folder and the classpath. */
    @RobustnessTest
    public static class RealFiles {
        @TrainedModel(resource = "models/linear-fashion.pt")
        static TrainableClassifier fromClasspath;

        @TrainedModel(path = FRAMEWORK_RESOURCES + "models/linear-fashion.pt")
        static Classifier fromPath;

        @EvaluationData(resource = "fashion-mnist-200", limit = 20, stratified = true, seed = 3)
        static LabeledImages stratified;

        @EvaluationData(directory = FRAMEWORK_RESOURCES + "fashion-mnist-200", split = FashionMnist.Split.TRAIN)
        static LabeledImages train;

        @EvaluationData
        static LabeledImages configuredLocation;

        @Test
        void modelsRunAndDataHaveTheRequestedSubsets() {
            assertThat(fromClasspath.format()).isEqualTo(TrainableClassifier.Format.TORCHSCRIPT);
            try (NDManager manager = NDManager.newBaseManager(); Batch batch = stratified.batch(manager, 0, 20)) {
                assertThat(fromClasspath.logits(batch.images()).toFloatArray())
                        .containsExactly(fromPath.logits(batch.images()).toFloatArray());
            }
            LabeledImages direct = configuredLocation.stratified(20, 3);
            assertThat(stratified.size()).isEqualTo(20);
            assertThat(java.util.stream.IntStream.range(0, 20).map(stratified::datasetIndex).toArray())
                    .containsExactly(java.util.stream.IntStream.range(0, 20).map(direct::datasetIndex).toArray());
            assertThat(train.name()).isEqualTo("Fashion-MNIST train");
            assertThat(train.size()).isEqualTo(100);
            assertThat(configuredLocation.size()).isEqualTo(200);
            assertThat(configuredLocation.name()).isEqualTo("Fashion-MNIST test");
        }
    }
}
