package io.robustunit.certify;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.NativeArrays;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputContract;
import io.robustunit.model.InputGradient;
import java.util.List;
import java.util.function.Function;

/**
 * {@code f(x) = sign(w.x + b)} on inputs of shape [1, 1, d] as a two-class model (class 1 when
 * positive): its Gaussian smoothing has {@code pA = Phi(|w.x + b| / (sigma ||w||))} and the true
 * L2 distance to the boundary is {@code |w.x + b| / ||w||}.
 */
final class LinearClassifier implements Classifier {

    final float[] w;
    final float b;
    private final InputContract contract;

    LinearClassifier(float[] w, float b) {
        this.w = w.clone();
        this.b = b;
        this.contract = InputContract.of(new Shape(1, 1, w.length), -100f, 100f, 2);
    }

    double norm() {
        double s = 0;
        for (float v : w) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    double margin(float[] x) {
        double s = b;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
        }
        return s;
    }

    /** Distance of {@code x} to the decision boundary. */
    double distance(float[] x) {
        return Math.abs(margin(x)) / norm();
    }

    /** {@code copies} copies of {@code x} with dataset indices 0.., labelled with f(x). */
    LabeledImages copies(float[] x, int copies) {
        float[] px = new float[copies * x.length];
        int[] labels = new int[copies];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(x, 0, px, i * x.length, x.length);
            labels[i] = margin(x) > 0 ? 1 : 0;
        }
        return LabeledImages.of(
                "copies", new int[] {1, 1, x.length}, List.of("negative", "positive"), px, labels, null);
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public InputContract contract() {
        return contract;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public NDArray logits(NDArray inputs) {
        contract.checkInput(inputs, name());
        return noisyLogits(inputs);
    }

    @Override
    public NDArray noisyLogits(NDArray inputs) {
        contract.checkShapeAndType(inputs, name());
        long n = inputs.getShape().get(0);
        NDArray weights = NativeArrays.floats(inputs.getManager(), w, new Shape(w.length, 1));
        NDArray s = inputs.reshape(n, w.length).matMul(weights).add(b);
        return NDArrays.concat(new ai.djl.ndarray.NDList(s.neg(), s), 1);
    }

    @Override
    public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
        throw new UnsupportedOperationException("forward passes only");
    }

    @Override
    public void close() {}
}
