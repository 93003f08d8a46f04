package com.example.fashion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.robustunit.data.Batch;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The natural model, before any robustness gate: plain JUnit 5 + AssertJ. */
class CleanAccuracyTest {

    static final InputContract FASHION_MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    static final Path MODEL = Path.of("src/test/resources/models/fashion-mnist-natural.pt");

    static LabeledImages images;
    static Classifier model;

    @BeforeAll
    static void load() throws Exception {
        images = FashionMnist.load(Path.of("src/test/resources/fashion-mnist-1000"), FashionMnist.Split.TEST);
        model = Classifiers.torchScript(MODEL, FASHION_MNIST);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void naturalModelClassifiesAtLeast85PercentOfTheFirst1000TestImages() {
        assertThat(images.size()).isEqualTo(1000);
        int correct = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int from = 0; from < images.size(); from += 250) {
                try (NDManager scope = manager.newSubManager();
                        Batch batch = images.batch(scope, from, from + 250)) {
                    int[] predicted = model.logits(batch.images())
                            .argMax(1)
                            .toType(DataType.INT32, false)
                            .toIntArray();
                    for (int i = 0; i < predicted.length; i++) {
                        correct += predicted[i] == images.label(from + i) ? 1 : 0;
                    }
                }
            }
        }
        double accuracy = correct / (double) images.size();
        System.out.printf(
                "clean accuracy of %s on 1,000 test images: %.3f (%d/1000)%n", MODEL.getFileName(), accuracy, correct);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void djlGivesTheLogitsThatPyTorch113ComputedForTheExportedModel() throws Exception {
        List<String> rows =
                Files.readAllLines(Path.of("src/test/resources/models/fashion-mnist-natural.logits-first16.csv"));
        try (NDManager manager = NDManager.newBaseManager();
                Batch batch = images.batch(manager, 0, 16)) {
            float[] logits = model.logits(batch.images()).toFloatArray();
            for (int i = 0; i < 16; i++) {
                String[] expected = rows.get(i).split(",");
                for (int k = 0; k < 10; k++) {
                    assertThat(logits[i * 10 + k])
                            .as("image %d, class %d", i, k)
                            .isCloseTo(Float.parseFloat(expected[k]), within(1e-4f));
                }
            }
        }
    }
}
