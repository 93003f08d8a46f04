package io.robustunit.cache;

import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import java.util.Objects;

/**
 * What identifies an evaluation: the model instance (by identity: a reloaded model is another
 * model), the data (by content, see {@link DatasetFingerprint}), a description of the procedure
 * (usually {@code attack.toString()}, which states every setting), and the type of the result.
 *
 * <pre>{@code
 * EvaluationKey<RobustnessReport> key =
 *         EvaluationKey.of(RobustnessReport.class, model, data, attack.toString());
 * }</pre>
 *
 * @param <T> the type of the cached result
 */
public final class EvaluationKey<T> {

    private final Class<T> resultType;
    private final Classifier model;
    private final DatasetFingerprint data;
    private final String procedure;

    private EvaluationKey(
            Class<T> resultType, Classifier model, DatasetFingerprint data, String procedure) {
        this.resultType = Objects.requireNonNull(resultType, "resultType");
        this.model = Objects.requireNonNull(model, "model");
        this.data = Objects.requireNonNull(data, "data");
        this.procedure = Objects.requireNonNull(procedure, "procedure");
    }

    /** The key of evaluating {@code model} on {@code data} with {@code procedure}. */
    public static <T> EvaluationKey<T> of(
            Class<T> resultType, Classifier model, LabeledImages data, String procedure) {
        return new EvaluationKey<>(resultType, model, DatasetFingerprint.of(data), procedure);
    }

    public Class<T> resultType() {
        return resultType;
    }

    public Classifier model() {
        return model;
    }

    public DatasetFingerprint data() {
        return data;
    }

    public String procedure() {
        return procedure;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationKey<?> k
                && k.model == model
                && k.resultType == resultType
                && k.data.equals(data)
                && k.procedure.equals(procedure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(model), resultType, data, procedure);
    }

    @Override
    public String toString() {
        return resultType.getSimpleName() + " of " + model.name() + " on " + data + " by " + procedure;
    }
}
