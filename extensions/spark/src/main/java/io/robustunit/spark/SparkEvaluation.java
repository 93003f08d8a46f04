package io.robustunit.spark;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.attack.Attack;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.DataFingerprints;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.Shard;
import io.robustunit.io.FileDigests;
import io.robustunit.model.InputContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apiguardian.api.API;

/**
 * Runs a RobustUnit evaluation on Apache Spark: the data is cut into {@link #partitions()} shards
 * ({@link LabeledImages#shard(int, int)}), one Spark task per shard; the model file is broadcast and
 * each task loads it once, with DJL offline and one PyTorch intra-op thread (unless configured); the
 * tasks' per-sample outcomes are merged on the driver into one {@link RobustnessReport}, which equals
 * the report of one JVM (apart from the wall time, which is the sum of the tasks' times), because
 * every sample's outcome depends only on (model, data, attack with its seed, dataset index).
 *
 * <pre>{@code
 * try (SparkEvaluation spark = SparkEvaluation.builder().master("spark://head:7077").partitions(64).build()) {
 *     RobustnessReport report = spark.evaluate(Path.of("model.pt"),
 *             InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10), FashionMnist.test(),
 *             Attacks.autoAttack(ThreatModel.linf(0.1)));
 * }
 * }</pre>
 *
 * <p>A failing task is retried by Spark ({@code spark.task.maxFailures}); it recomputes the same
 * outcomes. A task that fails for good (an unreadable model, a wrong input shape) fails the
 * evaluation on the driver with the task's message.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SparkEvaluation implements AutoCloseable {

    /** Runs at the start of every task attempt (fault injection in tests, executor set-up). */
    @FunctionalInterface
    public interface TaskHook extends Serializable {
        void beforeTask(int shard, int attempt) throws Exception;
    }

    private static final Pattern TASK_MESSAGE = Pattern.compile("(shard \\d+/\\d+ \\(attempt \\d+\\): [^\\n]*)");

    /** The context an evaluation of this class created (others reuse it instead of owning it). */
    private static final java.util.concurrent.atomic.AtomicReference<SparkContext> CREATED =
            new java.util.concurrent.atomic.AtomicReference<>();

    private final JavaSparkContext context;
    private final boolean ownsContext;
    private final int partitions;
    private final int threadsPerTask;
    private final int batchSize;
    private final int retainExamples;
    private final TaskHook hook;
    private final String master;

    private SparkEvaluation(Builder b) {
        if (b.context != null) {
            this.context = b.context;
            this.ownsContext = false;
        } else {
            SparkConf conf = new SparkConf()
                    .setAppName(b.appName)
                    .setMaster(b.master)
                    .set("spark.executorEnv.DJL_OFFLINE", "true")
                    .set("spark.executorEnv.OPT_OUT_TRACKING", "true");
            if (b.master.startsWith("local")) {
                conf.set("spark.driver.host", "127.0.0.1")
                        .set("spark.driver.bindAddress", "127.0.0.1")
                        .set("spark.ui.enabled", "false")
                        .set("spark.ui.showConsoleProgress", "false");
            }
            b.conf.forEach(conf::set);
            synchronized (CREATED) {
                SparkContext running = CREATED.get();
                this.ownsContext = running == null || running.isStopped();
                SparkContext sc = SparkContext.getOrCreate(conf);
                if (ownsContext) {
                    CREATED.set(sc);
                }
                this.context = JavaSparkContext.fromSparkContext(sc);
            }
        }
        this.master = context.master();
        this.partitions = b.partitions > 0 ? b.partitions : Math.max(1, context.defaultParallelism());
        this.threadsPerTask = b.threadsPerTask;
        this.batchSize = b.batchSize;
        this.retainExamples = b.retainExamples;
        this.hook = b.hook;
    }

    /** A builder: master {@code local[*]}, one partition per default-parallelism slot, one thread per task. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of shards (= Spark tasks) an evaluation is cut into. */
    public int partitions() {
        return partitions;
    }

    /** The Spark context the evaluations run on. */
    public JavaSparkContext context() {
        return context;
    }

    /** For messages: {@code Spark local[2] (2 partitions, 1 thread per task)}. */
    public String describe() {
        return "Spark " + master + " (" + partitions + " partitions, "
                + (threadsPerTask > 0
                        ? threadsPerTask + " thread" + (threadsPerTask == 1 ? "" : "s")
                        : "default threads")
                + " per task)";
    }

    /**
     * Evaluates {@code attack} against the model in {@code modelFile} (TorchScript, or ONNX with
     * robustunit-onnx on the executors) on {@code data}.
     *
     * @throws IllegalArgumentException if the model file is missing, the data has fewer samples
     *     than partitions, or the attack cannot be serialised to the executors
     * @throws IllegalStateException if a task fails for good; the message is the task's
     */
    public RobustnessReport evaluate(Path modelFile, InputContract contract, LabeledImages data, Attack attack)
            throws IOException {
        return evaluate(
                modelFile, modelFile.getFileName().toString(), contract, data, attack, batchSize, retainExamples);
    }

    RobustnessReport evaluate(
            Path modelFile,
            String modelName,
            InputContract contract,
            LabeledImages data,
            Attack attack,
            int batch,
            int retain)
            throws IOException {
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(attack, "attack");
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("model file " + modelFile + " does not exist or is not a file");
        }
        if (data.size() < partitions) {
            throw new IllegalArgumentException(data.size() + " samples of " + data.name() + " cannot fill " + partitions
                    + " partitions; use at most " + data.size());
        }
        checkSerializable(attack);
        byte[] bytes = Files.readAllBytes(modelFile);
        String sha = FileDigests.sha256(modelFile);
        ShardTask.Settings settings = new ShardTask.Settings(
                modelFile.getFileName().toString(),
                modelName,
                sha,
                contract.inputShape().getShape(),
                contract.min(),
                contract.max(),
                contract.numClasses(),
                contract.normalization().mean(),
                contract.normalization().std(),
                attack,
                batch,
                retain,
                threadsPerTask,
                DataFingerprints.sha256(data),
                Shard.of(0, partitions, data).selection(),
                partitions,
                hook);
        List<ShardTask> tasks = ShardTask.cut(data, partitions);
        Broadcast<byte[]> model = context.broadcast(bytes);
        List<String> jsons;
        try {
            jsons = context.parallelize(tasks, tasks.size())
                    .map(task ->
                            task.run(settings, model.value(), TaskContext.get().attemptNumber()))
                    .collect();
        } catch (Exception e) { // SparkException is checked but thrown undeclared by Scala
            throw new IllegalStateException(
                    "Spark evaluation of " + attack + " on " + data.name() + " failed: " + taskMessage(e) + " ["
                            + describe() + "]",
                    e);
        } finally {
            model.destroy();
        }
        List<RobustnessReport> reports = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < jsons.size(); i++) {
            reports.add(RobustnessReport.fromJson(jsons.get(i)));
            names.add("the report of Spark task " + i);
        }
        RobustnessReport merged = RobustnessReport.merge(reports, names);
        return retain >= merged.examples().size() ? merged : RobustnessReport.merge(List.of(merged), retain);
    }

    /** The first RobustUnit task message in a Spark failure, else Spark's own message. */
    static String taskMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = TASK_MESSAGE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return m.group(1);
            }
        }
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void checkSerializable(Attack attack) {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(attack);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(
                    "attack " + attack + " cannot be sent to Spark executors:"
                            + " " + e.getMessage() + " is not serializable; keep models and other native state"
                            + " out of an attack's fields (or make them transient)",
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "attack " + attack + " cannot be serialised for Spark: " + e.getMessage(), e);
        }
    }

    /** Stops the Spark context if this evaluation created it. */
    @Override
    public void close() {
        if (ownsContext) {
            context.stop();
        }
    }

    /** Configures a {@link SparkEvaluation}. */
    public static final class Builder {

        private JavaSparkContext context;
        private String master = "local[*]";
        private String appName = "robustunit";
        private int partitions;
        private int threadsPerTask = 1;
        private int batchSize = io.robustunit.eval.RobustnessEvaluator.DEFAULT_BATCH_SIZE;
        private int retainExamples = io.robustunit.eval.RobustnessEvaluator.DEFAULT_RETAINED_EXAMPLES;
        private TaskHook hook;
        private final Map<String, String> conf = new LinkedHashMap<>();

        private Builder() {}

        /** Runs on an existing context (not stopped by {@link #close()}). */
        public Builder context(JavaSparkContext sparkContext) {
            this.context = Objects.requireNonNull(sparkContext, "sparkContext");
            return this;
        }

        /** The master URL of a context to create, e.g. {@code local[2]}, {@code spark://head:7077}, {@code yarn}. */
        public Builder master(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("Spark master must not be blank (e.g. local[2], spark://head:7077)");
            }
            this.master = url;
            return this;
        }

        /** A Spark configuration entry for a context to create (e.g. {@code spark.task.maxFailures}). */
        public Builder conf(String key, String value) {
            conf.put(key, value);
            return this;
        }

        /** Number of shards, one task each (default: the context's default parallelism). */
        public Builder partitions(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, was " + count);
            }
            this.partitions = count;
            return this;
        }

        /** PyTorch intra-op threads in each task (default 1: one task per core); 0 keeps the executor's. */
        public Builder threadsPerTask(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threadsPerTask must be >= 0, was " + threads);
            }
            this.threadsPerTask = threads;
            return this;
        }

        /** Samples per batch inside a task (never changes results). */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, was " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** Broken examples with pixels the merged report keeps (lowest dataset indices). */
        public Builder retainExamples(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("retainExamples must be >= 0, was " + count);
            }
            this.retainExamples = count;
            return this;
        }

        /** Runs {@code taskHook} at the start of every task attempt, on the executor. */
        public Builder beforeEachTask(TaskHook taskHook) {
            this.hook = taskHook;
            return this;
        }

        public SparkEvaluation build() {
            return new SparkEvaluation(this);
        }
    }
}
