package io.robustunit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * What a classifier accepts and returns, declared once and checked on every batch: the shape of one
 * input {@code [C, H, W]}, the valid value range of its entries, and the number of classes.
 *
 * <pre>{@code
 * InputContract fashionMnist = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
 * }</pre>
 *
 * @param inputShape shape of one input, without the batch axis
 * @param min smallest valid input value
 * @param max largest valid input value
 * @param numClasses number of logits per input
 */
public record InputContract(Shape inputShape, float min, float max, int numClasses) {

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
    }

    public static InputContract of(Shape inputShape, float min, float max, int numClasses) {
        return new InputContract(inputShape, min, max, numClasses);
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
            throw new ModelContractException(
                    "Model " + modelName + " expects inputs in [" + min + ", " + max
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
        if (s.dimension() != inputShape.dimension() + 1
                || !s.slice(1).equals(inputShape)) {
            throw new ModelContractException(
                    "Model " + modelName + " expects a batch of shape " + batchShape(-1).toString()
                            .replace("-1", "N") + " but got " + s
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
            throw new ModelContractException(
                    "Model " + modelName + " returned NaN or infinite logits for " + batchName
                            + "; check the model's weights (NaN parameters?) and the input scaling");
        }
    }

    @Override
    public String toString() {
        return "inputs " + inputShape + " in [" + min + ", " + max + "], " + numClasses + " classes";
    }
}
