package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.NativeArrays;
import io.robustunit.threat.Norm;

/** Steepest-ascent directions and per-sample scalars for gradient steps. */
final class Steps {

    private Steps() {}

    /**
     * The unit-norm steepest-ascent direction of {@code gradient} for the norm: its sign for Linf,
     * {@code g / ||g||_2} per sample for L2 (zero where the gradient is zero).
     */
    static NDArray direction(NDArray gradient, Norm norm) {
        if (norm == Norm.LINF) {
            return gradient.sign();
        }
        NDArray norms = Norm.L2.of(gradient).maximum(1e-12f);
        return gradient.div(norms.reshape(perSample(gradient.getShape())));
    }

    /** {@code values} as an array of shape {@code [m, 1, ..., 1]} broadcasting over a batch. */
    static NDArray perSample(NDManager manager, double[] values, Shape batchShape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return NativeArrays.floats(manager, f, perSample(batchShape));
    }

    private static Shape perSample(Shape batchShape) {
        long[] dims = new long[batchShape.dimension()];
        java.util.Arrays.fill(dims, 1L);
        dims[0] = batchShape.get(0);
        return new Shape(dims);
    }
}
