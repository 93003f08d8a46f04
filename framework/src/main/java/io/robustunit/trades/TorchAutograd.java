package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import io.robustunit.engine.PyTorchCalls;

/** The PyTorch autograd calls DJL's engine-neutral API does not expose. */
final class TorchAutograd {

    private TorchAutograd() {}

    static boolean requiresGradient(NDArray parameter) {
        return PyTorchCalls.requiresGradient(parameter);
    }

    /** Sets the accumulated gradient to zero (no-op if none has been computed yet). */
    static void zeroGradient(NDArray parameter) {
        PyTorchCalls.zeroGradient(parameter);
    }

    /** The accumulated gradient (a new handle on the same storage), or null if none exists. */
    static NDArray gradientOrNull(NDArray parameter) {
        return PyTorchCalls.gradientOrNull(parameter);
    }

    /**
     * Seeds PyTorch's process-global CPU generator, which dropout draws from in a training-mode
     * forward pass. Nothing else in RobustUnit draws from it.
     */
    static void seedDropout(long seed) {
        PyTorchCalls.seedGlobalGenerator(seed);
    }
}
