package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A broken sample kept with its pixels, so reports can show what the attack did: the clean input,
 * the adversarial input the model was scored on, the true label and both predictions. Retained by
 * {@link RobustnessEvaluator.Builder#retainExamples(int)}; in memory only (not in the JSON form).
 *
 * @param datasetIndex index in the source dataset
 * @param trueLabel the label
 * @param cleanPrediction the model's class for the clean input
 * @param adversarialPrediction the model's class for the adversarial input
 * @param shape the shape of one input, e.g. {@code [1, 28, 28]} (channels, height, width)
 * @param original the clean input, row-major, {@code product(shape)} values
 * @param adversarial the adversarial input, same layout
 */
@API(status = STABLE, since = "0.1")
public record AdversarialExample(
        int datasetIndex,
        int trueLabel,
        int cleanPrediction,
        int adversarialPrediction,
        int[] shape,
        float[] original,
        float[] adversarial) {

    public AdversarialExample {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(adversarial, "adversarial");
        shape = shape.clone();
        original = original.clone();
        adversarial = adversarial.clone();
        long size = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("shape must be positive, was " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (original.length != size || adversarial.length != size) {
            throw new IllegalArgumentException(
                    "sample " + datasetIndex + ": shape " + Arrays.toString(shape) + " needs " + size
                            + " values, got " + original.length + " original and "
                            + adversarial.length + " adversarial");
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public float[] original() {
        return original.clone();
    }

    @Override
    public float[] adversarial() {
        return adversarial.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdversarialExample e
                && datasetIndex == e.datasetIndex
                && trueLabel == e.trueLabel
                && cleanPrediction == e.cleanPrediction
                && adversarialPrediction == e.adversarialPrediction
                && Arrays.equals(shape, e.shape)
                && Arrays.equals(original, e.original)
                && Arrays.equals(adversarial, e.adversarial);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                datasetIndex,
                trueLabel,
                cleanPrediction,
                adversarialPrediction,
                Arrays.hashCode(shape),
                Arrays.hashCode(original),
                Arrays.hashCode(adversarial));
    }

    @Override
    public String toString() {
        return "AdversarialExample[" + datasetIndex + ": label " + trueLabel + ", clean "
                + cleanPrediction + ", adversarial " + adversarialPrediction + ", shape "
                + Arrays.toString(shape) + "]";
    }
}
