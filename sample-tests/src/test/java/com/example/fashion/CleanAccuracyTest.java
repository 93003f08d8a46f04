package com.example.fashion;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.data.Batch;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The natural model, before any robustness gate: plain JUnit 5 + AssertJ. */
class CleanAccuracyTest {

    static final InputContract FASHION_MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    @Test
    void naturalModelClassifiesAtLeast85PercentOfTheFirst1000TestImages() throws Exception {
        LabeledImages images = FashionMnist.load(
                Path.of("src/test/resources/fashion-mnist-1000"), FashionMnist.Split.TEST);
        assertThat(images.size()).isEqualTo(1000);

        int correct = 0;
        try (Classifier model = Classifiers.torchScript(
                        Path.of("src/test/resources/models/fashion-mnist-natural.pt"), FASHION_MNIST);
                NDManager manager = NDManager.newBaseManager()) {
            for (int from = 0; from < images.size(); from += 250) {
                try (NDManager scope = manager.newSubManager();
                        Batch batch = images.batch(scope, from, Math.min(from + 250, images.size()))) {
                    int[] predicted = model.logits(batch.images()).argMax(1).toType(
                            ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                    for (int i = 0; i < predicted.length; i++) {
                        if (predicted[i] == images.label(from + i)) {
                            correct++;
                        }
                    }
                }
            }
        }
        double accuracy = correct / (double) images.size();
        System.out.printf("clean accuracy of fashion-mnist-natural.pt on 1,000 test images: %.3f (%d/1000)%n",
                accuracy, correct);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.85);
    }
}
