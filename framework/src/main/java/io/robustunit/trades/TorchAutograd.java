package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** The PyTorch autograd calls DJL's engine-neutral API does not expose. */
final class TorchAutograd {

    private TorchAutograd() {}

    static boolean requiresGradient(NDArray parameter) {
        return JniUtils.requiresGrad(pt(parameter));
    }

    /** Sets the accumulated gradient to zero (no-op if none has been computed yet). */
    static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad(pt(parameter));
    }

    /** The accumulated gradient (a new handle on the same storage), or null if none exists. */
    static NDArray gradientOrNull(NDArray parameter) {
        return JniUtils.getGradient(pt(parameter));
    }

    /**
     * Seeds PyTorch's process-global CPU generator, which dropout draws from in a training-mode
     * forward pass. Nothing else in RobustUnit draws from it.
     */
    static void seedDropout(long seed) {
        JniUtils.setSeed(seed);
    }

    private static PtNDArray pt(NDArray array) {
        if (array instanceof PtNDArray p) {
            return p;
        }
        throw new IllegalArgumentException(
                "TRADES trains models on DJL's PyTorch engine only; parameter " + array.getName()
                        + " is a " + array.getClass().getName());
    }
}
