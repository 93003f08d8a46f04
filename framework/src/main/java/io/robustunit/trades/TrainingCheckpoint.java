package io.robustunit.trades;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apiguardian.api.API;

/**
 * A resumable training state in a checkpoint folder: the model (in the format it was loaded from),
 * the optimiser state, and a small sidecar {@value #SIDECAR} with the position in training. Random
 * numbers are derived from the seed and the position (batch order from the seed and epoch, start
 * noise and dropout from the seed and step), so the position is the whole random state.
 *
 * <pre>{@code
 * TrainingCheckpoint cp = TrainingCheckpoint.latest(dir).orElseThrow();
 * try (TrainableClassifier model = Classifiers.torchScript(cp.modelFile(), contract)) {
 *     trainer.resume(model, trainingSet, cp);
 * }
 * }</pre>
 *
 * @param directory the folder holding this checkpoint's files
 * @param modelFile the model, loadable with the loader of the original model
 * @param optimizerFile the optimiser state (DJL {@code NDList} encoding)
 * @param epochsDone complete epochs
 * @param batchesDone batches done in the epoch after those
 * @param globalStep steps done in total
 * @param identity the trainer's settings and training set ({@link TradesTrainer#identity}); resuming
 *     needs an equal one
 * @param bestRobustAccuracy best held-out robust accuracy so far, NaN if none measured
 * @param bestStep step of that measurement, -1 if none
 */
@API(status = STABLE, since = "0.1")
public record TrainingCheckpoint(
        Path directory,
        Path modelFile,
        Path optimizerFile,
        int epochsDone,
        int batchesDone,
        long globalStep,
        TrainingIdentity identity,
        double bestRobustAccuracy,
        long bestStep) {

    /** The sidecar file in the checkpoint root that names the latest complete checkpoint. */
    public static final String SIDECAR = "checkpoint.properties";

    static final String FORMAT = "robustunit-trades-checkpoint/1";

    /** Size of the training set it was trained on. */
    public int trainingSetSize() {
        return identity.trainingSetSize();
    }

    /**
     * The latest complete checkpoint in {@code checkpointRoot}, or empty if none was written there.
     *
     * @throws IOException if the sidecar is unreadable, malformed or names missing files
     */
    public static Optional<TrainingCheckpoint> latest(Path checkpointRoot) throws IOException {
        Path sidecar = checkpointRoot.resolve(SIDECAR);
        if (!Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(sidecar)) {
            p.load(in);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IOException(sidecar + " is not a RobustUnit TRADES checkpoint (format " + p.getProperty("format")
                    + ", expected " + FORMAT + ")");
        }
        try {
            Path dir = checkpointRoot.resolve(required(p, "directory", sidecar));
            Path model = dir.resolve(required(p, "model", sidecar));
            Path optimizer = dir.resolve(required(p, "optimizer", sidecar));
            for (Path f : new Path[] {model, optimizer}) {
                if (!Files.isRegularFile(f)) {
                    throw new IOException(sidecar + " names " + f + ", which is missing");
                }
            }
            return Optional.of(new TrainingCheckpoint(
                    dir,
                    model,
                    optimizer,
                    Integer.parseInt(required(p, "epochsDone", sidecar)),
                    Integer.parseInt(required(p, "batchesDone", sidecar)),
                    Long.parseLong(required(p, "globalStep", sidecar)),
                    TrainingIdentity.readFrom(p, sidecar),
                    Double.parseDouble(required(p, "bestRobustAccuracy", sidecar)),
                    Long.parseLong(required(p, "bestStep", sidecar))));
        } catch (NumberFormatException e) {
            throw new IOException(sidecar + " has a malformed number: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key, Path file) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException(file + " lacks the key '" + key + "'");
        }
        return v;
    }

    Properties toProperties(Path root) {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("directory", root.relativize(directory).toString());
        p.setProperty("model", modelFile.getFileName().toString());
        p.setProperty("optimizer", optimizerFile.getFileName().toString());
        p.setProperty("epochsDone", Integer.toString(epochsDone));
        p.setProperty("batchesDone", Integer.toString(batchesDone));
        p.setProperty("globalStep", Long.toString(globalStep));
        identity.writeTo(p);
        p.setProperty("bestRobustAccuracy", Double.toString(bestRobustAccuracy));
        p.setProperty("bestStep", Long.toString(bestStep));
        return p;
    }
}
