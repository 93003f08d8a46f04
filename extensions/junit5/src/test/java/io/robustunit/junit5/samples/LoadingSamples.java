package io.robustunit.junit5.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.robustunit.data.Batch;
import io.robustunit.data.DataFormat;
import io.robustunit.data.DataRequest;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.junit5.DataSource;
import io.robustunit.junit5.EvaluationData;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import io.robustunit.model.Normalization;
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
            try (NDManager manager = NDManager.newBaseManager();
                    Batch batch = stratified.batch(manager, 0, 20)) {
                assertThat(fromClasspath.logits(batch.images()).toFloatArray())
                        .containsExactly(fromPath.logits(batch.images()).toFloatArray());
            }
            LabeledImages direct = configuredLocation.stratified(20, 3);
            assertThat(stratified.size()).isEqualTo(20);
            assertThat(java.util.stream.IntStream.range(0, 20)
                            .map(stratified::datasetIndex)
                            .toArray())
                    .containsExactly(java.util.stream.IntStream.range(0, 20)
                            .map(direct::datasetIndex)
                            .toArray());
            assertThat(train.name()).isEqualTo("Fashion-MNIST train");
            assertThat(train.size()).isEqualTo(100);
            assertThat(configuredLocation.size()).isEqualTo(200);
            assertThat(configuredLocation.name()).isEqualTo("Fashion-MNIST test");
        }
    }

    /** Data in other formats, from a path, the classpath and a source class; a contract with normalisation. */
    @RobustnessTest
    public static class OtherFormats {
        @EvaluationData(resource = "data/numpy-nchw.npz")
        static LabeledImages npz;

        @EvaluationData(
                path = FRAMEWORK_RESOURCES + "data/numpy-nhwc",
                format = DataFormat.NPY,
                classes = {"a", "b", "c"},
                name = "nhwc",
                limit = 3,
                stratified = true,
                seed = 1)
        static LabeledImages npy;

        @EvaluationData(source = TwoImages.class)
        static LabeledImages custom;

        @TrainedModel(resource = "models/linear-fashion.pt")
        static Classifier plain;

        @TrainedModel(
                resource = "models/linear-fashion.pt",
                mean = {0.5f},
                std = {0.25f})
        static Classifier normalised;

        @Test
        void everyFormatArrivesAsLabeledImages() {
            assertThat(npz.classNames()).containsExactly("cat", "dog");
            assertThat(npz.imageShape().getShape()).containsExactly(3, 2, 2);
            assertThat(npy.name()).isEqualTo("nhwc");
            assertThat(npy.classNames()).containsExactly("a", "b", "c");
            assertThat(npy.size()).isEqualTo(3);
            assertThat(custom.name()).isEqualTo("two images");
            assertThat(normalised.contract().normalization())
                    .isEqualTo(Normalization.of(new float[] {0.5f}, new float[] {0.25f}));
            try (NDManager manager = NDManager.newBaseManager()) {
                ai.djl.ndarray.NDArray x = manager.full(new ai.djl.ndarray.types.Shape(1, 1, 28, 28), 0.75f);
                float[] viaContract = normalised.logits(x).toFloatArray();
                float[] unnormalised = plain.logits(x).toFloatArray();
                assertThat(viaContract).isNotEqualTo(unnormalised);
            }
        }
    }

    /** A data source as a user writes one. */
    public static class TwoImages implements DataSource {
        @Override
        public LabeledImages load(DataRequest request) {
            return LabeledImages.of(
                    "two images",
                    new int[] {1, 2, 2},
                    java.util.List.of("x", "y"),
                    new float[8],
                    new int[] {0, 1},
                    null);
        }
    }
}
