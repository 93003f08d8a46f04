package io.robustunit.eval;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.attack.Attack;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import org.apiguardian.api.API;

/**
 * Somewhere other than this JVM to run an evaluation: a cluster that evaluates shards of the data
 * and merges them ({@code robustunit-spark} provides one). A backend must return the report a
 * single-JVM {@link RobustnessEvaluator#evaluate} would (apart from the wall time): it runs
 * {@link RobustnessEvaluator#evaluatePart} on each shard with {@code settings}' batch size, model
 * name and digest, and merges with {@link RobustnessReport#merge(java.util.List, int)}.
 *
 * <p>Backends are found with {@link java.util.ServiceLoader} through
 * {@link EvaluationBackend.Provider}, so the framework does not depend on any of them.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface EvaluationBackend {

    /** For messages, e.g. {@code Spark local[2] (2 partitions, 1 thread per task)}. */
    String describe();

    /**
     * Evaluates {@code attack} against {@code model} on {@code data} elsewhere.
     *
     * @param settings the evaluator whose settings (batch size, retained examples, model name and
     *     digest, listeners) apply
     */
    RobustnessReport evaluate(Classifier model, LabeledImages data, Attack attack, RobustnessEvaluator settings);

    /** Creates backends by name; registered in {@code META-INF/services}. */
    interface Provider {

        /** The backend's name, e.g. {@code spark}. */
        String name();

        /**
         * The backend the system properties ask for (e.g. {@code -Drobustunit.spark.master=...}),
         * if they ask for this one.
         */
        java.util.Optional<EvaluationBackend> fromSystemProperties();

        /**
         * A backend with the given options (e.g. {@code master=local[2]}).
         *
         * @throws IllegalArgumentException naming an unknown or invalid option
         */
        EvaluationBackend create(java.util.Map<String, String> options);
    }
}
