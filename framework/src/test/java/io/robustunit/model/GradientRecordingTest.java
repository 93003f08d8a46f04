package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.PyTorchCalls;
import io.robustunit.engine.RobustUnitEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** GIVEN two threads WHEN both record gradients at once THEN neither waits for the other and both get exact gradients. */
class GradientRecordingTest {

    static final InputContract FASHION = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    @Test
    void twoThreadsAreInsideARecordingAtTheSameTimeAndGradModeIsRestored() throws Exception {
        var engine = RobustUnitEngine.pytorch();
        CyclicBarrier bothInside = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<boolean[]>> modes = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                modes.add(pool.submit(() -> {
                    PyTorchCalls.setGradMode(false);
                    boolean before = PyTorchCalls.gradMode();
                    boolean inside = GradientRecording.record(engine, c -> {
                        try {
                            bothInside.await(20, TimeUnit.SECONDS); // times out if recordings were serialised
                        } catch (Exception e) {
                            throw new IllegalStateException("the other thread never entered its recording", e);
                        }
                        return PyTorchCalls.gradMode();
                    });
                    return new boolean[] {before, inside, PyTorchCalls.gradMode()};
                }));
            }
            for (Future<boolean[]> f : modes) {
                boolean[] mode = f.get(30, TimeUnit.SECONDS);
                assertThat(mode[1]).as("grad mode inside the recording").isTrue();
                assertThat(mode[2]).as("grad mode after it, as before").isEqualTo(mode[0]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentInputGradientsEqualSequentialOnes() throws Exception {
        try (Classifier model = Classifiers.torchScript(Path.of("src/test/resources/models/tiny-cnn.pt"), FASHION);
                NDManager manager = NDManager.newBaseManager()) {
            int threads = 4;
            float[][] expected = new float[threads][];
            NDArray[] inputs = new NDArray[threads];
            for (int t = 0; t < threads; t++) {
                inputs[t] = manager.randomUniform(0, 1, new Shape(8, 1, 28, 28));
                expected[t] = gradient(model, inputs[t]);
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    for (int t = 0; t < threads; t++) {
                        NDArray x = inputs[t];
                        results.add(pool.submit(() -> gradient(model, x)));
                    }
                }
                for (int i = 0; i < results.size(); i++) {
                    assertThat(results.get(i).get(60, TimeUnit.SECONDS)).containsExactly(expected[i % threads]);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static float[] gradient(Classifier model, NDArray x) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(scope);
            return model.inputGradient(
                            input, logits -> logits.logSoftmax(1).get(":, 3").neg())
                    .gradient()
                    .toFloatArray();
        }
    }
}
