package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;

/** Checks what an attack is given, with messages that name the attack, the argument and the fix. */
final class AttackInputs {

    private static final float RANGE_TOLERANCE = 1e-5f;

    private AttackInputs() {}

    /**
     * Validates a batch and returns its labels.
     *
     * @throws IllegalArgumentException naming what is wrong and how to fix it
     */
    static int[] labels(Attack attack, Classifier model, NDArray inputs, NDArray labels) {
        if (model == null || inputs == null || labels == null) {
            throw new IllegalArgumentException(attack.name() + ": model, inputs and labels must not be null");
        }
        Attacks.checkApplicable(attack, model);
        if (inputs.getShape().dimension() < 2) {
            throw new IllegalArgumentException(
                    attack.name() + ": inputs must be a batch [N, ...], was shape " + inputs.getShape());
        }
        long n = inputs.getShape().get(0);
        if (labels.getShape().dimension() != 1 || labels.getShape().get(0) != n) {
            throw new IllegalArgumentException(
                    attack.name() + ": labels must have shape (" + n + ") (one per input), was " + labels.getShape());
        }
        DataType type = labels.getDataType();
        if (!type.isInteger()) {
            throw new IllegalArgumentException(
                    attack.name() + ": labels must be integer class indices (int32 or int64), was " + type);
        }
        int[] y;
        if (type == DataType.INT32) {
            y = labels.toIntArray();
        } else {
            try (NDArray converted = labels.toType(DataType.INT32, false)) {
                y = converted.toIntArray();
            }
        }
        InputContract contract = model.contract();
        int classes = contract.numClasses();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException(
                        attack.name() + ": label " + y[i] + " of sample " + i + " is outside [0, "
                                + classes + "): model " + model.name() + " has " + classes
                                + " classes");
            }
        }
        checkRange(attack, model, inputs);
        return y;
    }

    private static void checkRange(Attack attack, Classifier model, NDArray inputs) {
        ThreatModel tm = attack.threatModel();
        InputContract contract = model.contract();
        if (Math.abs(tm.min() - contract.min()) > RANGE_TOLERANCE
                || Math.abs(tm.max() - contract.max()) > RANGE_TOLERANCE) {
            throw new IllegalArgumentException(
                    attack.name() + ": the threat model's input range [" + tm.min() + ", " + tm.max()
                            + "]" + (tm.hasDeclaredRange() ? "" : " (the default, none was declared)")
                            + " differs from model " + model.name() + "'s input range [" + contract.min()
                            + ", " + contract.max() + "]; evaluate through RobustnessEvaluator or a gate"
                            + " (they take the range from the model) or use ThreatModel.withInputRange("
                            + contract.min() + "f, " + contract.max() + "f)");
        }
        if (inputs.getShape().get(0) == 0) {
            return;
        }
        float lo;
        float hi;
        try (NDArray min = inputs.min();
                NDArray max = inputs.max()) {
            lo = min.getFloat();
            hi = max.getFloat();
        }
        if (lo < tm.min() - RANGE_TOLERANCE || hi > tm.max() + RANGE_TOLERANCE) {
            throw new IllegalArgumentException(attack.name() + ": the inputs span [" + lo + ", " + hi
                    + "], outside the threat model's input range [" + tm.min() + ", "
                    + tm.max() + "]; scale the data or declare the range with"
                    + " ThreatModel.withInputRange");
        }
    }

    /** @throws IllegalArgumentException unless {@code value >= 1} */
    static int atLeastOne(String parameter, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(parameter + " must be >= 1, was " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException unless {@code value} is finite and {@code > 0} */
    static double positive(String parameter, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(parameter + " must be a finite number > 0, was " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException if {@code threatModel} is null or not of a supported norm */
    static ThreatModel supported(String attack, ThreatModel threatModel, io.robustunit.threat.Norm... norms) {
        if (threatModel == null) {
            throw new IllegalArgumentException(attack + ": threatModel must not be null");
        }
        for (io.robustunit.threat.Norm norm : norms) {
            if (threatModel.norm() == norm) {
                return threatModel;
            }
        }
        throw new IllegalArgumentException(attack + ": threatModel norm must be one of "
                + java.util.Arrays.toString(norms) + ", was " + threatModel.norm());
    }
}
