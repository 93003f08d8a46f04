package io.robustunit.cache;

import io.robustunit.eval.RobustnessReport;
import io.robustunit.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An in-memory cache in front of a folder of persisted robustness reports. A report whose key is
 * {@linkplain EvaluationKey#isPortable() portable} (the model has a file digest) is stored in one
 * file per key, named by the SHA-256 of the key's complete text, which the file repeats: a file
 * whose header or key text does not match (another format, a hash collision, a hand-edited file)
 * or whose report does not parse is ignored with a warning and overwritten by the recomputed
 * result. Files are written atomically (temporary file and rename), so concurrent writers of the
 * same key (parallel forks of one build) leave one complete file. Other results (model checks,
 * models without a digest) are remembered in memory only.
 */
final class PersistentEvaluationCache implements EvaluationCache {

    static final String HEADER = "robustunit-evaluation-cache/1";
    private static final String SEPARATOR = "\n---\n";
    private static final System.Logger LOG = System.getLogger(EvaluationCache.class.getName());

    private final Path directory;
    private final InMemoryEvaluationCache memory = new InMemoryEvaluationCache();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger stored = new AtomicInteger();

    PersistentEvaluationCache(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public <T> T computeIfAbsent(EvaluationKey<T> key, Supplier<? extends T> computation) {
        return memory.computeIfAbsent(key, () -> loadOrCompute(key, computation));
    }

    private <T> T loadOrCompute(EvaluationKey<T> key, Supplier<? extends T> computation) {
        if (!key.isPortable() || key.resultType() != RobustnessReport.class) {
            return computation.get();
        }
        String text = key.canonical();
        Path file = directory.resolve(sha256(text) + ".entry");
        RobustnessReport known = read(file, text);
        if (known != null) {
            hits.incrementAndGet();
            LOG.log(
                    System.Logger.Level.INFO,
                    "evaluation cache: read " + known.attackDescription() + " on " + known.sampleCount()
                            + " images for " + known.modelName() + " from " + file);
            return key.resultType().cast(known);
        }
        T value = computation.get();
        write(file, text, (RobustnessReport) value);
        return value;
    }

    private static RobustnessReport read(Path file, String keyText) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            warn(file, "cannot be read (" + e + ")");
            return null;
        }
        if (!content.startsWith(HEADER + "\n")) {
            warn(file, "is not a RobustUnit evaluation cache entry of format " + HEADER);
            return null;
        }
        int split = content.indexOf(SEPARATOR);
        if (split < 0) {
            warn(file, "is truncated (no report after the key)");
            return null;
        }
        String storedKey = content.substring(HEADER.length() + 1, split);
        if (!storedKey.equals(keyText)) {
            warn(file, "belongs to another evaluation (its key differs)");
            return null;
        }
        try {
            return RobustnessReport.fromJson(content.substring(split + SEPARATOR.length()));
        } catch (RuntimeException e) {
            warn(file, "holds a corrupt report (" + e.getMessage() + ")");
            return null;
        }
    }

    private void write(Path file, String keyText, RobustnessReport report) {
        try {
            Files.createDirectories(directory);
            AtomicFiles.writeString(file, HEADER + "\n" + keyText + SEPARATOR + report.toJson());
            stored.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "evaluation cache: cannot store " + file + " (" + e
                            + "); the result is used but will be recomputed next time");
        }
    }

    private static void warn(Path file, String problem) {
        LOG.log(
                System.Logger.Level.WARNING,
                "evaluation cache: ignoring " + file + ", which " + problem
                        + "; the evaluation is recomputed and the entry rewritten");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** Results read from the folder so far. */
    int hits() {
        return hits.get();
    }

    /** Results written to the folder so far. */
    int stored() {
        return stored.get();
    }

    Path directory() {
        return directory;
    }

    @Override
    public String toString() {
        return "evaluation cache in " + directory + " (" + hits + " read, " + stored + " stored)";
    }
}
