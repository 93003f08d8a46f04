package io.robustunit.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.OutputStream;
import org.apiguardian.api.API;

/**
 * The one door to DJL's PyTorch internals ({@code ai.djl.pytorch.*}): the calls RobustUnit needs
 * that DJL's engine-neutral API does not offer. Every signature takes and returns engine-neutral
 * types ({@link Block}, {@link NDArray}); an ArchUnit rule keeps every other class away from
 * {@code ai.djl.pytorch}.
 */
@API(status = INTERNAL, since = "0.1")
public final class PyTorchCalls {

    private PyTorchCalls() {}

    /** True if {@code block} is a loaded TorchScript module. */
    public static boolean isTorchScript(Block block) {
        return block instanceof PtSymbolBlock;
    }

    /** {@code module.eval()} (true) or {@code module.train()} (false). */
    public static void setInferenceMode(Block torchScript, boolean inference) {
        if (inference) {
            JniUtils.enableInferenceMode(symbolBlock(torchScript));
        } else {
            JniUtils.enableTrainingMode(symbolBlock(torchScript));
        }
    }

    /**
     * The module's forward pass with gradient recording on or off, independently of its train/eval
     * mode (DJL's own {@code forward} ties the two together).
     */
    public static NDArray forward(Block torchScript, NDArray inputs, boolean record) {
        return IValueUtils.forward(symbolBlock(torchScript), new NDList(inputs), record)
                .singletonOrThrow();
    }

    /**
     * The same values as {@code nchw} (shape {@code [N, C, H, W]}) laid out channels-last in memory,
     * as {@code x.contiguous(memory_format=torch.channels_last)} gives: a copy, differentiable when
     * {@code record} is set, whose gradient reaches {@code nchw}. The caller closes the result.
     */
    public static NDArray channelsLast(NDArray nchw, boolean record) {
        long[] s = nchw.getShape().getShape();
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(record);
        try (PtNDArray nhwcView = JniUtils.permute(pt(nchw), new long[] {0, 2, 3, 1});
                // reshape copies a view it cannot express as one: the flat copy is dense NHWC
                PtNDArray flat = JniUtils.reshape(nhwcView, new long[] {-1});
                PtNDArray nhwc = JniUtils.reshape(flat, new long[] {s[0], s[2], s[3], s[1]})) {
            return JniUtils.permute(nhwc, new long[] {0, 3, 1, 2});
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    /** Writes the module as {@code torch.jit.save} would. */
    public static void writeModule(Block torchScript, OutputStream out) {
        JniUtils.writeModule(symbolBlock(torchScript), out, false);
    }

    /** Whether autograd tracks {@code parameter}. */
    public static boolean requiresGradient(NDArray parameter) {
        return JniUtils.requiresGrad(pt(parameter));
    }

    /** Sets the accumulated gradient to zero (no-op if none has been computed yet). */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad(pt(parameter));
    }

    /** The accumulated gradient (a new handle on the same storage), or null if none exists. */
    public static NDArray gradientOrNull(NDArray parameter) {
        return JniUtils.getGradient(pt(parameter));
    }

    /** Guards PyTorch's process-global generator between seeding it and drawing from it. */
    private static final Object GLOBAL_GENERATOR = new Object();

    /** Whether autograd records operations on the calling thread (PyTorch's grad mode is thread-local). */
    public static boolean gradMode() {
        return JniUtils.isGradMode();
    }

    /** Turns autograd recording on or off for the calling thread only. */
    public static void setGradMode(boolean enabled) {
        JniUtils.setGradMode(enabled);
    }

    /**
     * {@code torch.autograd.backward(loss, ones_like(loss))} on the calling thread: accumulates the
     * gradient of {@code sum(loss)} into every leaf that requires one. Unlike DJL's
     * {@code PtGradientCollector} this takes no process-wide flag, so threads may differentiate
     * concurrently (PyTorch's autograd engine is thread-safe for disjoint graphs).
     */
    public static void backward(NDArray loss) {
        try (NDArray ones = loss.onesLike()) {
            JniUtils.backward(pt(loss), pt(ones), false, false);
        }
    }

    /**
     * {@code torch.autograd.backward(outputs, gradOutputs)} on the calling thread: accumulates the
     * vector-Jacobian product of {@code gradOutputs} into every leaf of {@code outputs}' graph.
     */
    public static void backward(NDArray outputs, NDArray gradOutputs) {
        JniUtils.backward(pt(outputs), pt(gradOutputs), false, false);
    }

    /** Seeds PyTorch's process-global CPU generator (dropout in a training-mode forward pass). */
    public static void seedGlobalGenerator(long seed) {
        synchronized (GLOBAL_GENERATOR) {
            JniUtils.setSeed(seed);
        }
    }

    /**
     * Draws {@code N(0, std^2)} float32 values of {@code shape} on the engine from the global
     * generator seeded with {@code seed}, atomically (under a lock), so the values depend on the
     * seed and the shape only, not on other threads.
     */
    public static NDArray seededNormal(NDManager manager, long seed, float std, Shape shape) {
        synchronized (GLOBAL_GENERATOR) {
            JniUtils.setSeed(seed);
            return manager.randomNormal(0f, std, shape, DataType.FLOAT32);
        }
    }

    static int intraOpThreads() {
        return JniUtils.getNumThreads();
    }

    static void setIntraOpThreads(int threads) {
        JniUtils.setNumThreads(threads);
    }

    private static PtSymbolBlock symbolBlock(Block block) {
        if (block instanceof PtSymbolBlock b) {
            return b;
        }
        throw new IllegalArgumentException("expected a TorchScript module loaded by DJL's PyTorch engine, got "
                + block.getClass().getName());
    }

    private static PtNDArray pt(NDArray array) {
        if (array instanceof PtNDArray p) {
            return p;
        }
        throw new IllegalArgumentException("RobustUnit trains models on DJL's PyTorch engine only; array "
                + array.getName() + " is a " + array.getClass().getName());
    }
}
