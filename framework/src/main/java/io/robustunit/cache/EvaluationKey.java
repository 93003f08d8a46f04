package io.robustunit.cache;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.attack.Attack;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.EvaluatorSettings;
import io.robustunit.model.Classifier;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What identifies an evaluation, as a value: the type of the result, the model (by file digest, or
 * by instance when it has none: see {@link ModelIdentity}), the data (by content, see
 * {@link DatasetFingerprint}), the procedure (a record such as {@link AttackEvaluation}, compared
 * field by field) and the versions of the code that computes it. Keys are equal exactly when all of
 * these are.
 *
 * <pre>{@code
 * EvaluationKey<RobustnessReport> key = EvaluationKey.attackEvaluation(model, data, attack, evaluator.settings());
 * }</pre>
 *
 * @param <T> the type of the cached result
 * @param resultType the type of the cached result
 * @param model the model evaluated
 * @param data the data it was evaluated on
 * @param procedure what was done, as a record
 * @param versions the code that did it
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record EvaluationKey<T>(
        Class<T> resultType,
        ModelIdentity model,
        DatasetFingerprint data,
        Record procedure,
        SoftwareVersions versions) {

    public EvaluationKey {
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(procedure, "procedure");
        Objects.requireNonNull(versions, "versions");
    }

    /**
     * Evaluating {@code attack} with an evaluator of {@code settings}.
     *
     * @param attack every setting and the seed of the attack
     * @param evaluator the evaluator's result-changing settings
     */
    public record AttackEvaluation(AttackIdentity attack, EvaluatorSettings evaluator) {}

    /**
     * A procedure known by a complete description (for checks whose settings print fully).
     *
     * @param kind what kind of procedure, e.g. the checking class
     * @param description every setting
     */
    public record Described(String kind, String description) {}

    /** The key of the robustness report of {@code attack} against {@code model} on {@code data}. */
    public static <T> EvaluationKey<T> attackEvaluation(
            Class<T> resultType, Classifier model, LabeledImages data, Attack attack, EvaluatorSettings settings) {
        return new EvaluationKey<>(
                resultType,
                ModelIdentity.of(model),
                DatasetFingerprint.of(data),
                new AttackEvaluation(AttackIdentity.of(attack), Objects.requireNonNull(settings, "settings")),
                SoftwareVersions.current());
    }

    /** The key of evaluating {@code model} on {@code data} with a procedure known by its description. */
    public static <T> EvaluationKey<T> of(Class<T> resultType, Classifier model, LabeledImages data, String procedure) {
        return new EvaluationKey<>(
                resultType,
                ModelIdentity.of(model),
                DatasetFingerprint.of(data),
                new Described(resultType.getName(), Objects.requireNonNull(procedure, "procedure")),
                SoftwareVersions.current());
    }

    /** Whether the same key means the same result in another JVM (the model has a file digest). */
    public boolean isPortable() {
        return model.isPortable();
    }

    /**
     * The complete, stable text of a {@linkplain #isPortable() portable} key, stored with a persisted
     * result to recognise it when read back.
     */
    String canonical() {
        return "result=" + resultType.getName()
                + "\nmodel=" + model.name() + " sha256=" + model.sha256()
                + "\ndata=" + data.name() + " size=" + data.size() + " sha256=" + data.sha256()
                + "\nprocedure=" + procedure
                + "\nversions=" + versions;
    }

    @Override
    public String toString() {
        return resultType.getSimpleName() + " of " + model.name() + " on " + data + " by " + procedure;
    }
}
