package io.robustunit.io;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Where the models and data of this JVM came from, by the names reports carry: the file a model
 * named {@code fashion-mnist-natural.pt} was loaded from, its SHA-256, the folder a data set was
 * read from. Loaders record; reports, baselines and repair commands look up. A name recorded for
 * two different files is ambiguous and looks up as empty (never a wrong file).
 */
@API(status = INTERNAL, since = "0.1")
public final class Provenance {

    private static final Path AMBIGUOUS = Path.of("");
    private static final Map<String, Path> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, Path> DATA = new ConcurrentHashMap<>();
    private static final Map<Path, String> DIGESTS = new ConcurrentHashMap<>();

    private Provenance() {}

    /** Records that the model named {@code name} was loaded from {@code file}. */
    public static void recordModel(String name, Path file) {
        record(MODELS, name, file);
    }

    /** Records that the data set named {@code name} was read from {@code location}. */
    public static void recordData(String name, Path location) {
        record(DATA, name, location);
    }

    /** The file the model named {@code name} was loaded from, if exactly one was. */
    public static Optional<Path> modelFile(String name) {
        return lookUp(MODELS, name);
    }

    /** The folder or file the data set named {@code name} was read from, if exactly one was. */
    public static Optional<Path> dataLocation(String name) {
        return lookUp(DATA, name);
    }

    /** The SHA-256 of the file the model named {@code name} was loaded from, computed once per file. */
    public static Optional<String> modelSha256(String name) {
        return modelFile(name).flatMap(Provenance::sha256);
    }

    private static Optional<String> sha256(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String digest = DIGESTS.computeIfAbsent(file, f -> {
            try {
                return FileDigests.sha256(f);
            } catch (IOException e) {
                return "";
            }
        });
        return digest.isEmpty() ? Optional.empty() : Optional.of(digest);
    }

    private static void record(Map<String, Path> map, String name, Path location) {
        if (name == null || location == null) {
            return;
        }
        Path absolute = location.toAbsolutePath().normalize();
        map.merge(name, absolute, (old, now) -> old.equals(now) ? old : AMBIGUOUS);
        DIGESTS.remove(absolute);
    }

    private static Optional<Path> lookUp(Map<String, Path> map, String name) {
        Path p = name == null ? null : map.get(name);
        return p == null || p == AMBIGUOUS ? Optional.empty() : Optional.of(p);
    }
}
