package io.robustunit.model;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.NativeArrays;
import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * Per-channel normalisation {@code (x - mean) / std} that RobustUnit applies in front of a model
 * which expects normalised inputs but does not normalise them itself. Data, epsilon and threat
 * model stay in pixel space; only the model sees normalised values, and gradients flow back
 * through the normalisation to the pixels.
 *
 * <pre>{@code
 * Normalization cifar = Normalization.of(new float[] {0.4914f, 0.4822f, 0.4465f},
 *                                        new float[] {0.2470f, 0.2435f, 0.2616f});
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class Normalization {

    /** No normalisation: the model takes pixel values as they are. */
    public static final Normalization NONE = new Normalization(new float[0], new float[0]);

    private final float[] mean;
    private final float[] std;

    private Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * One mean and standard deviation per channel (or one for all channels).
     *
     * @throws IllegalArgumentException if the lengths differ, a value is not finite or a std is not positive
     */
    public static Normalization of(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalisation needs as many means as standard deviations"
                    + " (one per channel), was " + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Float.isFinite(mean[i]) || !Float.isFinite(std[i]) || !(std[i] > 0)) {
                throw new IllegalArgumentException("normalisation mean must be finite and std finite and > 0,"
                        + " was mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std));
            }
        }
        return new Normalization(mean.clone(), std.clone());
    }

    public boolean isNone() {
        return mean.length == 0;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    /** Checks that the statistics fit inputs of {@code shape} ({@code [C, ...]}). */
    void checkFits(Shape inputShape) {
        if (isNone() || mean.length == 1) {
            return;
        }
        if (inputShape.dimension() == 0 || inputShape.get(0) != mean.length) {
            throw new IllegalArgumentException("normalisation has " + mean.length + " channel statistics but"
                    + " inputs have shape " + inputShape + " (" + (inputShape.dimension() == 0 ? 0 : inputShape.get(0))
                    + " channels); give one mean and std per channel");
        }
    }

    /** {@code (x - mean) / std} for a batch {@code [N, C, ...]}; {@code x} itself when there is none. */
    public NDArray apply(NDArray x) {
        if (isNone()) {
            return x;
        }
        NDManager m = x.getManager();
        long[] shape = new long[x.getShape().dimension() - 1];
        Arrays.fill(shape, 1L);
        shape[0] = mean.length;
        NDArray mu = NativeArrays.floats(m, mean, new Shape(shape));
        NDArray sigma = NativeArrays.floats(m, std, new Shape(shape));
        return x.sub(mu).div(sigma);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return isNone() ? "none" : "mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }
}
