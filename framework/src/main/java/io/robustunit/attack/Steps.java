package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.NativeArrays;

/** Per-sample scalars for gradient steps (directions: {@link io.robustunit.threat.Norm#steepestAscent}). */
final class Steps {

    private Steps() {}

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
