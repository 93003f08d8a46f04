package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.ModelLoadException;
import io.robustunit.model.TrainableClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Models and data shared by the TRADES tests. */
final class Fixtures {

    static final InputContract MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    /**
     * Conv(16 channels) + BatchNorm (non-trivial running statistics) + Dropout. Not tiny-cnn.pt:
     * PyTorch 2.7.1's CPU conv2d input gradient is nondeterministic, sometimes NaN, for its
     * 4-channel layer.
     */
    static final Path TRADES_CNN = Path.of("src/test/resources/trades/trades-cnn.pt");

    static final Path NATURAL_MODEL = Path.of("../sample-tests/src/test/resources/models/fashion-mnist-natural.pt");

    private Fixtures() {}

    static TrainableClassifier tradesCnn() throws ModelLoadException {
        return Classifiers.torchScript(TRADES_CNN, MNIST);
    }

    /** {@code n} seeded random 1x28x28 images in [0, 1] with random labels. */
    static LabeledImages randomImages(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        return LabeledImages.of("random", new int[] {1, 28, 28}, FashionMnist.CLASS_NAMES, pixels, labels, null);
    }

    /** Copies of the parameter values, for before/after comparisons. */
    static List<float[]> snapshot(TrainableClassifier model) {
        List<float[]> values = new ArrayList<>();
        for (NDArray p : model.parameters()) {
            values.add(p.toFloatArray());
        }
        return values;
    }
}
