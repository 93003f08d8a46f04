package io.robustunit.trades;

import ai.djl.ndarray.NDList;
import io.robustunit.io.AtomicFiles;
import io.robustunit.model.TrainableClassifier;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes checkpoints so that a crash at any moment leaves the previous one usable: the new
 * checkpoint goes to its own folder {@code step-NNNNNNNNN} (each file written with {@link
 * AtomicFiles}, so forced to disk), then the sidecar naming it is replaced atomically, then older
 * folders are deleted.
 */
final class CheckpointStore {

    private final Path root;

    CheckpointStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Fails early if the folder cannot be created or written. */
    void checkWritable() throws IOException {
        Outputs.checkWritableDirectory(root, "checkpoint directory");
    }

    TrainingCheckpoint write(
            TrainableClassifier model,
            NDList optimizerState,
            int epochsDone,
            int batchesDone,
            long globalStep,
            TrainingIdentity identity,
            double bestRobustAccuracy,
            long bestStep)
            throws IOException {
        Path dir = root.resolve(String.format(Locale.ROOT, "step-%09d", globalStep));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        String extension = model.format() == TrainableClassifier.Format.TORCHSCRIPT ? ".pt" : ".params";
        Path modelFile = dir.resolve("model" + extension);
        model.save(modelFile);
        Path optimizerFile = dir.resolve("optimizer.ndlist");
        AtomicFiles.write(optimizerFile, optimizerState::encode);
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(
                dir,
                modelFile,
                optimizerFile,
                epochsDone,
                batchesDone,
                globalStep,
                identity,
                bestRobustAccuracy,
                bestStep);
        AtomicFiles.write(root.resolve(TrainingCheckpoint.SIDECAR), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            checkpoint.toProperties(root).store(w, "RobustUnit TRADES checkpoint; random state = seed + position");
            w.flush();
        });
        try (Stream<Path> old = Files.list(root)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("step-") && !p.equals(dir))
                    .toList()) {
                deleteRecursively(p);
            }
        }
        return checkpoint;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.delete(p);
            }
        }
    }
}
