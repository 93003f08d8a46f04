package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.Norm;
import java.util.SplittableRandom;

/**
 * An affine classifier {@code f(x) = Wx + b} on 20 inputs shaped {@code [1, 4, 5]}, with fixed
 * seeded weights and the input range [-10, 10], whose minimal adversarial distances are
 * closed-form: {@code min_{j != y} margin_j / ||w_y - w_j||_*} with the dual norm ({@code L1} for
 * Linf, {@code L2} for L2).
 */
final class AffineModel implements AutoCloseable {

    static final Shape SAMPLE_SHAPE = new Shape(1, 4, 5);
    static final int DIM = 20;
    static final float RANGE = 10f;

    final int classes;
    final float[] weights;
    final float[] bias;
    final TrainableClassifier classifier;

    private AffineModel(String name, int classes, float[] weights, float[] bias) {
        this.classes = classes;
        this.weights = weights;
        this.bias = bias;
        SequentialBlock block = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
        classifier = Classifiers.djl(block, name, InputContract.of(SAMPLE_SHAPE, -RANGE, RANGE, classes));
        for (Parameter p : block.getParameters().values()) {
            p.getArray().set(p.getName().equals("weight") ? weights : bias);
        }
    }

    /** Weights and biases drawn from N(0, 1) and N(0, 0.25). */
    static AffineModel gaussian(int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] weights = new float[classes * DIM];
        float[] bias = new float[classes];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < classes; i++) {
            bias[i] = (float) (0.5 * random.nextGaussian());
        }
        return new AffineModel("gaussian-affine-" + classes, classes, weights, bias);
    }

    /**
     * Ten classes with {@code w_k = scale * e_k}: every pair of classes is equally far apart in
     * every norm, so the class nearest to a sample is the runner-up logit, and the cross-entropy
     * gradient's sign is the optimal Linf direction. The large scale makes the softmax sharp.
     */
    static AffineModel equidistant(long seed) {
        int classes = 10;
        float scale = 20f;
        SplittableRandom random = new SplittableRandom(seed);
        float[] weights = new float[classes * DIM];
        float[] bias = new float[classes];
        for (int k = 0; k < classes; k++) {
            weights[k * DIM + k] = scale;
            bias[k] = (float) (0.2 * scale * random.nextGaussian());
        }
        return new AffineModel("equidistant-affine-10", classes, weights, bias);
    }

    /** A model whose first weight is NaN, so every logit is NaN. */
    static AffineModel withNaNWeight(int classes) {
        float[] weights = new float[classes * DIM];
        weights[0] = Float.NaN;
        return new AffineModel("nan-affine-" + classes, classes, weights, new float[classes]);
    }

    /** Logits of one sample, in double precision. */
    double[] logits(float[] x, int offset) {
        double[] z = new double[classes];
        for (int k = 0; k < classes; k++) {
            double s = bias[k];
            for (int d = 0; d < DIM; d++) {
                s += (double) weights[k * DIM + d] * x[offset + d];
            }
            z[k] = s;
        }
        return z;
    }

    int predict(float[] x, int offset) {
        double[] z = logits(x, offset);
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (z[k] > z[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The smallest perturbation in {@code norm} that changes the prediction away from {@code y}. */
    double minimalDistance(float[] x, int offset, int y, Norm norm) {
        double[] z = logits(x, offset);
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            if (j == y) {
                continue;
            }
            double dual = 0;
            for (int d = 0; d < DIM; d++) {
                double diff = (double) weights[y * DIM + d] - weights[j * DIM + d];
                dual += norm == Norm.LINF ? Math.abs(diff) : diff * diff;
            }
            if (norm == Norm.L2) {
                dual = Math.sqrt(dual);
            }
            best = Math.min(best, (z[y] - z[j]) / dual);
        }
        return best;
    }

    /** {@code n} points uniform in [-1, 1]^20, labelled with the model's own predictions. */
    Samples samples(NDManager manager, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * DIM];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = predict(x, i * DIM);
        }
        return new Samples(x, y, manager.create(x, new Shape(n).addAll(SAMPLE_SHAPE)), manager.create(y));
    }

    /** Labelled points as Java arrays and as NDArrays. */
    record Samples(float[] values, int[] labels, NDArray inputs, NDArray labelArray) {
        int size() {
            return labels.length;
        }
    }

    @Override
    public void close() {
        classifier.close();
    }
}
