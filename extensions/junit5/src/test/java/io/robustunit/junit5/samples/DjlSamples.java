package io.robustunit.junit5.samples;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.robustunit.junit5.BlockFactory;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import io.robustunit.model.TrainableClassifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

public final class DjlSamples {

    private DjlSamples() {}

    /** Written by the test before the samples run. */
    public static final String PARAMS = "target/djl-fixture/softmax-regression.params";

    /** Softmax regression on 28x28 images. */
    public static class SoftmaxRegression implements BlockFactory {
        @Override
        public Block newBlock() {
            return new SequentialBlock()
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(10).build());
        }
    }

    @RobustnessTest
    public static class ParamsWithBlock {
        public static final List<float[]> LOGITS = new CopyOnWriteArrayList<>();

        @TrainedModel(path = PARAMS, block = SoftmaxRegression.class)
        static TrainableClassifier model;

        @Test
        void runs() {
            try (NDManager manager = NDManager.newBaseManager()) {
                LOGITS.add(model.logits(manager.full(new ai.djl.ndarray.types.Shape(2, 1, 28, 28), 0.5f))
                        .toFloatArray());
            }
        }
    }

    @RobustnessTest
    public static class ParamsWithoutBlock {
        @TrainedModel(path = PARAMS)
        static Classifier model;

        @Test
        void never() {}
    }
}
