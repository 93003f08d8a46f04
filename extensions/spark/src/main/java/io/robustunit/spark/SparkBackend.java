package io.robustunit.spark;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.attack.Attack;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.EvaluationBackend;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.io.FileDigests;
import io.robustunit.model.Classifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The Spark {@link EvaluationBackend}: {@code RobustnessEvaluator.builder().backend(SparkBackend.of(spark))},
 * {@code -Drobustunit.spark.master=URL} (with {@code robustunit.spark.partitions},
 * {@code robustunit.spark.threadsPerTask}), or {@code robustunit evaluate --spark-master URL}. The
 * model must have been loaded from a file ({@code Classifiers.load}) that is unchanged since: the file
 * is what the executors load.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SparkBackend implements EvaluationBackend {

    /** System property that selects this backend for every evaluator built without {@code backend(...)}. */
    public static final String MASTER_PROPERTY = "robustunit.spark.master";

    private final SparkEvaluation spark;

    private SparkBackend(SparkEvaluation spark) {
        this.spark = spark;
    }

    /** A backend running on {@code spark}. */
    public static SparkBackend of(SparkEvaluation spark) {
        return new SparkBackend(spark);
    }

    @Override
    public String describe() {
        return spark.describe();
    }

    @Override
    public RobustnessReport evaluate(
            Classifier model, LabeledImages data, Attack attack, RobustnessEvaluator settings) {
        Optional<String> sha = model.sha256();
        Path file = model.sourceFile().orElse(null);
        if (file == null || sha.isEmpty()) {
            throw new IllegalArgumentException("model " + model.name() + " cannot run on " + describe()
                    + ": the executors load the model from its file, and this model has none (built in"
                    + " code, trained since loading, or of a runtime that does not say); load it with"
                    + " Classifiers.load(path)");
        }
        try {
            if (!FileDigests.sha256(file).equals(sha.get())) {
                throw new IllegalArgumentException("model file " + file + " changed since " + model.name()
                        + " was loaded from it; reload the model before evaluating it on Spark");
            }
            return spark.evaluate(
                    file,
                    settings.modelNameFor(model),
                    model.contract(),
                    data,
                    attack,
                    settings.batchSize(),
                    settings.retainedExamples());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Registers the backend under the name {@code spark}. */
    public static final class Provider implements EvaluationBackend.Provider {

        private static SparkBackend fromProperties;

        @Override
        public String name() {
            return "spark";
        }

        @Override
        public synchronized Optional<EvaluationBackend> fromSystemProperties() {
            String master = System.getProperty(MASTER_PROPERTY);
            if (master == null || master.isBlank()) {
                return Optional.empty();
            }
            if (fromProperties == null) {
                fromProperties = (SparkBackend) create(Map.of(
                        "master", master,
                        "partitions", System.getProperty("robustunit.spark.partitions", "0"),
                        "threadsPerTask", System.getProperty("robustunit.spark.threadsPerTask", "1")));
                Runtime.getRuntime().addShutdownHook(new Thread(fromProperties.spark::close));
            }
            return Optional.of(fromProperties);
        }

        @Override
        public EvaluationBackend create(Map<String, String> options) {
            SparkEvaluation.Builder b = SparkEvaluation.builder();
            for (Map.Entry<String, String> o : options.entrySet()) {
                try {
                    switch (o.getKey()) {
                        case "master" -> b.master(o.getValue());
                        case "partitions" -> {
                            int p = Integer.parseInt(o.getValue());
                            if (p > 0) {
                                b.partitions(p);
                            }
                        }
                        case "threadsPerTask" -> b.threadsPerTask(Integer.parseInt(o.getValue()));
                        default -> {
                            if (o.getKey().startsWith("spark.")) {
                                b.conf(o.getKey(), o.getValue());
                            } else {
                                throw new IllegalArgumentException("unknown Spark backend option '" + o.getKey()
                                        + "'; use master, partitions, threadsPerTask or spark.* settings");
                            }
                        }
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "Spark backend option " + o.getKey() + " must be a" + " whole number, was '" + o.getValue()
                                    + "'",
                            e);
                }
            }
            return new SparkBackend(b.build());
        }
    }
}
