package io.robustunit.eval;

import io.robustunit.data.LabeledImages;
import io.robustunit.model.InputContract;
import java.util.Arrays;

/**
 * Checks evaluation data against a model's {@link InputContract} before any attack runs: item
 * shape, class count and value range. Each message names both sides and says which one to change.
 */
final class DataContract {

    /** Slack for float rounding when comparing value ranges. */
    private static final float TOLERANCE = 1e-5f;

    private DataContract() {}

    /**
     * @throws IllegalArgumentException naming the model, the data, the mismatch and the fix
     */
    public static void check(InputContract contract, LabeledImages data, String modelName) {
        if (!contract.inputShape().equals(data.imageShape())) {
            long[] s = contract.inputShape().getShape();
            long[] d = data.imageShape().getShape();
            String fix = d.length == 3 && s.length == 3 && d[0] != s[0] && d[1] == s[1] && d[2] == s[2]
                    ? "the channel counts differ: declare the model's channels (--channels, @TrainedModel"
                            + " inputShape) if the model takes " + d[0] + ", or give data with " + s[0]
                            + " channel" + (s[0] == 1 ? "" : "s") + " (an image folder converts grey to RGB"
                            + " when 3 channels are declared)"
                    : "change the model's declared input shape (--channels/--size, @TrainedModel inputShape) if"
                            + " the model takes " + Arrays.toString(d) + ", otherwise resize the data to "
                            + Arrays.toString(s);
            throw new IllegalArgumentException(
                    "model " + modelName + " expects inputs of shape " + contract.inputShape() + " but " + data.name()
                            + " has images of shape " + data.imageShape() + "; " + fix);
        }
        if (contract.numClasses() != data.numClasses()) {
            throw new IllegalArgumentException("model " + modelName + " has " + contract.numClasses() + " classes but "
                    + data.name() + " has " + data.numClasses() + " " + abbreviate(data)
                    + "; declare the model's class count (--classes, @TrainedModel classes) or the"
                    + " data's class names (classes.txt, @EvaluationData classes, --classes-file)");
        }
        float[] range = data.valueRange();
        if (data.size() > 0 && (range[0] < contract.min() - TOLERANCE || range[1] > contract.max() + TOLERANCE)) {
            throw new IllegalArgumentException(
                    data.name() + " holds values in [" + range[0] + ", " + range[1] + "] but model " + modelName
                            + " declares inputs in [" + contract.min() + ", " + contract.max() + "]; if the model"
                            + " takes that range, declare it (--range " + fmt(range[0]) + "," + fmt(range[1])
                            + ", @TrainedModel(min = ..., max = ...)), otherwise scale the data to the model's"
                            + " range (pixels / 255 for [0, 1]; normalisation by mean/std belongs in the model or"
                            + " in its declared contract, never in the data)");
        }
    }

    private static String abbreviate(LabeledImages data) {
        return data.numClasses() <= 12
                ? data.classNames().toString()
                : data.classNames().subList(0, 12) + "...";
    }

    private static String fmt(float v) {
        return v == Math.rint(v) ? String.valueOf((int) v) : String.valueOf(v);
    }
}
