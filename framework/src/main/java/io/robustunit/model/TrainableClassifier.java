package io.robustunit.model;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A {@link Classifier} whose parameters can be trained, as the TRADES trainer needs. Parameters are
 * frozen (no gradient) except between {@link #setParametersTrainable(boolean) setParametersTrainable(true)}
 * and {@code (false)}, so attacks never accumulate parameter gradients.
 */
@API(status = STABLE, since = "0.1")
public interface TrainableClassifier extends Classifier {

    /** How the model is stored; it is written back in the same format. */
    enum Format {
        TORCHSCRIPT,
        DJL
    }

    Format format();

    /** The parameter arrays, in a stable order. */
    List<NDArray> parameters();

    /** Switches parameter gradients on or off. */
    void setParametersTrainable(boolean trainable);

    /**
     * Logits in training mode with the graph recorded (dropout and BatchNorm statistics updates on).
     * Call inside {@link GradientRecording}. Leaves the model in training mode until the next
     * {@link #logits} or {@link #inputGradient} call switches it back to evaluation mode.
     */
    NDArray trainingLogits(NDArray inputs);

    /**
     * {@link #trainingLogits} for inputs that leave the value range on purpose (Gaussian noise
     * augmentation, not clipped): shape, type and finite logits are still checked. The default calls
     * {@link #trainingLogits}.
     */
    default NDArray noisyTrainingLogits(NDArray inputs) {
        return trainingLogits(inputs);
    }

    /**
     * Writes the model to {@code file} in its {@link #format()}, atomically: a temporary file in the
     * same folder is renamed over the target, so a crash never leaves a half-written model.
     */
    void save(Path file) throws IOException;
}
