package io.robustunit.model;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * A classifier under test: logits for a batch, differentiable with respect to its input.
 *
 * <p>Every call checks the batch against {@link #contract()} and the logits for shape
 * {@code [N, classes]} and finiteness. The model always runs in evaluation mode here (no dropout, no
 * BatchNorm statistics updates); training is the business of {@link TrainableClassifier}. Results
 * are attached to the input's {@link ai.djl.ndarray.NDManager}.
 *
 * <pre>{@code
 * try (Classifier model = Classifiers.torchScript(path, InputContract.of(new Shape(1, 28, 28), 0, 1, 10))) {
 *     NDArray logits = model.logits(batch);
 * }
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public interface Classifier extends AutoCloseable {

    /** A short name used in reports and error messages (usually the file name). */
    String name();

    /** The declared input shape, value range and class count. */
    InputContract contract();

    /**
     * The SHA-256 of the file the model's weights came from, when it came from one and has not been
     * trained since; reports and baselines record it so a result names the exact model it measured.
     */
    default Optional<String> sha256() {
        return Optional.empty();
    }

    /**
     * The file the model was loaded from, while its weights are those of the file: what a
     * distributed backend ships to its workers. Empty for models built in code.
     */
    default Optional<java.nio.file.Path> sourceFile() {
        return Optional.empty();
    }

    /** Device the model runs on. */
    Device device();

    /** Logits {@code [N, classes]} for a batch, without recording gradients. */
    NDArray logits(NDArray inputs);

    /**
     * Logits {@code [N, classes]} for inputs that leave the declared value range on purpose: an
     * image plus Gaussian noise, as randomized smoothing feeds the model (Cohen et al. add the noise
     * without clipping, and so does {@code io.robustunit.certify}). Shape, type and finite logits are
     * still checked. The default calls {@link #logits}, which rejects out-of-range values: a model
     * type that can run on any real input overrides it.
     */
    default NDArray noisyLogits(NDArray inputs) {
        return logits(inputs);
    }

    /**
     * Logits and the gradient of {@code sum(loss(logits))} with respect to the inputs. Model
     * parameters accumulate no gradient. Threads may call it concurrently (see {@link GradientRecording}).
     *
     * @param loss maps logits {@code [N, classes]} to a scalar or a per-sample loss {@code [N]}
     * @throws UnsupportedOperationException if {@link #hasInputGradients()} is false
     */
    InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss);

    /**
     * Whether {@link #inputGradient} works. False for models whose runtime computes forward passes
     * only (ONNX Runtime): only black-box attacks (Square) and transfer attacks run on them, and a
     * gradient attack fails before its first batch with a message naming those alternatives.
     */
    default boolean hasInputGradients() {
        return true;
    }

    /** The runtime that computes the logits, for reports and messages (e.g. {@code PyTorch}). */
    default String runtime() {
        return "PyTorch";
    }

    /** Releases the model's native memory. */
    @Override
    void close();
}
