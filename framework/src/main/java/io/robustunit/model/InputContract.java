package io.robustunit.model;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a classifier accepts and returns, declared once and checked on every batch: the shape of one
 * input {@code [C, H, W]} (or {@code [F]}), the valid value range of its entries (the data's pixel
 * space, where epsilon is measured), the number of classes, and an optional per-channel
 * {@link Normalization} that RobustUnit applies in front of the model.
 *
 * <pre>{@code
 * InputContract fashionMnist = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
 * InputContract cifar = InputContract.of(new Shape(3, 32, 32), 0f, 1f, 10)
 *         .withNormalization(Normalization.of(new float[] {0.4914f, 0.4822f, 0.4465f},
 *                                             new float[] {0.2470f, 0.2435f, 0.2616f}));
 * }</pre>
 *
 * @param inputShape shape of one input, without the batch axis
 * @param min smallest valid input value
 * @param max largest valid input value
 * @param numClasses number of logits per input
 * @param normalization applied to inputs before the model sees them ({@link Normalization#NONE}
 *     when the model takes pixel values or normalises them itself)
 */
@API(status = STABLE, since = "0.1")
public record InputContract(Shape inputShape, float min, float max, int numClasses, Normalization normalization) {

    /** Slack for float rounding when checking the value range. */
    private static final float RANGE_TOLERANCE = 1e-5f;

    public InputContract {
        Objects.requireNonNull(inputShape, "inputShape");
        if (!(min < max) || !Float.isFinite(min) || !Float.isFinite(max)) {
            throw new IllegalArgumentException(
                    "input range must be finite with min < max, was [" + min + ", " + max + "]");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, was " + numClasses);
        }
        Objects.requireNonNull(normalization, "normalization");
        normalization.checkFits(inputShape);
    }

    /** A contract without normalisation. */
    public InputContract(Shape inputShape, float min, float max, int numClasses) {
        this(inputShape, min, max, numClasses, Normalization.NONE);
    }

    public static InputContract of(Shape inputShape, float min, float max, int numClasses) {
        return new InputContract(inputShape, min, max, numClasses);
    }

    /** The same contract with inputs normalised by RobustUnit before the model sees them. */
    public InputContract withNormalization(Normalization newNormalization) {
        return new InputContract(inputShape, min, max, numClasses, newNormalization);
    }

    /** {@code (x - mean) / std} when the contract normalises, else {@code x}. */
    public NDArray normalize(NDArray batch) {
        return normalization.apply(batch);
    }

    /** Shape of a batch of {@code n} inputs. */
    public Shape batchShape(long n) {
        return new Shape(n).addAll(inputShape);
    }

    /**
     * Checks a batch: rank and shape, float32, finite values inside the range.
     *
     * @throws ModelContractException naming the model, what was expected and what was found
     */
    public void checkInput(NDArray batch, String modelName) {
        checkShapeAndType(batch, modelName);
        Shape s = batch.getShape();
        if (s.get(0) == 0) {
            return;
        }
        float lo = batch.min().getFloat();
        float hi = batch.max().getFloat();
        if (Float.isNaN(lo) || Float.isNaN(hi) || lo < min - RANGE_TOLERANCE || hi > max + RANGE_TOLERANCE) {
            throw new ModelContractException("Model " + modelName + " expects inputs in [" + min + ", " + max
                    + "] but the batch spans [" + lo + ", " + hi
                    + "] (scale the data, e.g. pixels / 255, or declare the model's range)");
        }
    }

    /**
     * Checks a batch that leaves the value range on purpose (inputs plus Gaussian noise for
     * randomized smoothing): rank, shape and float32 only.
     *
     * @throws ModelContractException naming the model, what was expected and what was found
     */
    public void checkShapeAndType(NDArray batch, String modelName) {
        Shape s = batch.getShape();
        if (s.dimension() != inputShape.dimension() + 1 || !s.slice(1).equals(inputShape)) {
            throw new ModelContractException("Model " + modelName + " expects a batch of shape "
                    + batchShape(-1).toString().replace("-1", "N") + " but got " + s
                    + " (check the channel count and image size of the data)");
        }
        if (batch.getDataType() != DataType.FLOAT32) {
            throw new ModelContractException(
                    "Model " + modelName + " expects float32 inputs but got " + batch.getDataType());
        }
    }

    /**
     * Checks logits: shape {@code [N, numClasses]} and finite.
     *
     * @throws ModelContractException naming the model and the batch
     */
    public void checkOutput(NDArray logits, long batchSize, String modelName, String batchName) {
        Shape s = logits.getShape();
        if (s.dimension() != 2 || s.get(0) != batchSize || s.get(1) != numClasses) {
            throw new ModelContractException(
                    "Model " + modelName + " returned output of shape " + s + " for " + batchName
                            + "; a classifier must return logits of shape [" + batchSize + ", "
                            + numClasses + "] ([N, classes])");
        }
        if (batchSize > 0 && logits.isInfinite().logicalOr(logits.isNaN()).any().getBoolean()) {
            throw new ModelContractException("Model " + modelName + " returned NaN or infinite logits for " + batchName
                    + "; check the model's weights (NaN parameters?) and the input scaling");
        }
    }

    @Override
    public String toString() {
        return "inputs " + inputShape + " in [" + min + ", " + max + "], " + numClasses + " classes"
                + (normalization.isNone() ? "" : ", normalised by " + normalization);
    }
}
