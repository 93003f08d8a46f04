package io.robustunit.spark;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.Shard;
import io.robustunit.io.AtomicFiles;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.Normalization;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one Spark task evaluates: shard {@code index} of {@code count} as plain arrays, plus the
 * settings every task shares. Runs on an executor: writes the broadcast model bytes to a local file
 * (once per executor JVM and digest), loads the model, evaluates the shard with one intra-op thread
 * (unless configured) and returns the shard's report as JSON.
 */
final class ShardTask implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Path> LOCAL_MODELS = new ConcurrentHashMap<>();

    /** The settings every task of one evaluation shares. */
    record Settings(
            String modelFileName,
            String modelName,
            String modelSha256,
            long[] inputShape,
            float min,
            float max,
            int classes,
            float[] mean,
            float[] std,
            Attack attack,
            int batchSize,
            int retainExamples,
            int threadsPerTask,
            String dataFingerprint,
            String selection,
            int count,
            SparkEvaluation.TaskHook hook)
            implements Serializable {}

    private final int index;
    private final String datasetName;
    private final ArrayList<String> classNames;
    private final int[] imageShape;
    private final float[] pixels;
    private final int[] labels;
    private final int[] indices;

    ShardTask(int index, LabeledImages shard) {
        this.index = index;
        this.datasetName = shard.name();
        this.classNames = new ArrayList<>(shard.classNames());
        long[] dims = shard.imageShape().getShape();
        this.imageShape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            imageShape[i] = Math.toIntExact(dims[i]);
        }
        int item = Math.toIntExact(shard.imageShape().size());
        this.pixels = new float[shard.size() * item];
        this.labels = new int[shard.size()];
        this.indices = new int[shard.size()];
        for (int i = 0; i < shard.size(); i++) {
            System.arraycopy(shard.image(i), 0, pixels, i * item, item);
            labels[i] = shard.label(i);
            indices[i] = shard.datasetIndex(i);
        }
    }

    int index() {
        return index;
    }

    /** Runs on an executor. */
    String run(Settings s, byte[] modelBytes, int attempt) throws Exception {
        if (s.hook() != null) {
            s.hook().beforeTask(index, attempt);
        }
        String where = "shard " + index + "/" + s.count() + " (attempt " + (attempt + 1) + ")";
        Path file;
        try {
            file = localModel(s, modelBytes);
        } catch (IOException e) {
            throw new IllegalStateException(
                    where + ": cannot write model " + s.modelFileName()
                            + " to the executor's temporary folder " + System.getProperty("java.io.tmpdir")
                            + ": " + e.getMessage(),
                    e);
        }
        if (s.threadsPerTask() > 0) {
            RobustUnitEngine.setIntraOpThreads(s.threadsPerTask());
        }
        InputContract contract = InputContract.of(new Shape(s.inputShape()), s.min(), s.max(), s.classes());
        if (s.mean().length > 0) {
            contract = contract.withNormalization(Normalization.of(s.mean(), s.std()));
        }
        LabeledImages part = LabeledImages.of(datasetName, imageShape, classNames, pixels, labels, indices);
        Classifier model;
        try {
            model = Classifiers.load(file, contract);
        } catch (Exception e) {
            throw new IllegalStateException(
                    where + ": the executor cannot load model " + s.modelFileName() + ": " + e.getMessage(), e);
        }
        try (model) {
            RobustnessReport report = RobustnessEvaluator.builder()
                    .backend(null)
                    .batchSize(s.batchSize())
                    .retainExamples(s.retainExamples())
                    .modelName(s.modelName())
                    .modelSha256(s.modelSha256())
                    .build()
                    .evaluatePart(
                            model, part, s.attack(), new Shard(index, s.count(), s.selection()), s.dataFingerprint());
            return report.toJson();
        }
    }

    /** The model bytes as a file in this JVM's temporary folder, written once per digest. */
    private static Path localModel(Settings s, byte[] bytes) throws IOException {
        String key = s.modelSha256() + "/" + s.modelFileName();
        Path known = LOCAL_MODELS.get(key);
        if (known != null && Files.isRegularFile(known)) {
            return known;
        }
        synchronized (LOCAL_MODELS) {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "robustunit-spark", s.modelSha256());
            Files.createDirectories(dir);
            Path file = dir.resolve(s.modelFileName());
            if (!Files.isRegularFile(file) || Files.size(file) != bytes.length) {
                AtomicFiles.write(file, bytes);
            }
            LOCAL_MODELS.put(key, file);
            return file;
        }
    }

    static List<ShardTask> cut(LabeledImages data, int count) {
        List<ShardTask> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(new ShardTask(i, data.shard(i, count)));
        }
        return tasks;
    }
}
