package io.robustunit.cache;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Remembers evaluation results by {@link EvaluationKey}. Implementations are thread-safe and
 * compute each key at most once even when several threads ask for it at the same time.
 *
 * <pre>{@code
 * RobustnessReport report = EvaluationCaches.current()
 *         .computeIfAbsent(key, () -> evaluator.evaluate(model, data, attack));
 * }</pre>
 *
 * <p>{@link #configured()} is what test adapters bind: by default a {@linkplain #persistent(Path)
 * persistent} cache in {@value #DEFAULT_DIRECTORY}, so a second build on an unchanged model decides
 * its gates without attacking. System properties change it:
 * <ul>
 *   <li>{@value #DIRECTORY_PROPERTY}: the folder (e.g. a CI cache folder);
 *   <li>{@value #MODE_PROPERTY}: {@code persistent} (default), {@code memory} (this JVM only) or
 *       {@code off} (compute every time).
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface EvaluationCache {

    /** System property naming the folder of the persistent cache. */
    String DIRECTORY_PROPERTY = "robustunit.cache.dir";

    /** System property choosing {@code persistent}, {@code memory} or {@code off}. */
    String MODE_PROPERTY = "robustunit.cache";

    /** The default folder of the persistent cache, relative to the working directory (Maven's module folder). */
    String DEFAULT_DIRECTORY = "target/robustunit-cache";

    /**
     * The cached result for {@code key}, computing it with {@code computation} on first use. If
     * the computation throws, nothing is cached and the exception reaches every waiting caller.
     */
    <T> T computeIfAbsent(EvaluationKey<T> key, Supplier<? extends T> computation);

    /** A new, empty cache held in memory. */
    static EvaluationCache inMemory() {
        return new InMemoryEvaluationCache();
    }

    /** A cache that remembers nothing: every call computes. */
    static EvaluationCache none() {
        return NoEvaluationCache.INSTANCE;
    }

    /**
     * A cache in memory in front of {@code directory}, where robustness reports of models loaded from
     * files persist across JVMs (see {@link PersistentEvaluationCache}).
     */
    static EvaluationCache persistent(Path directory) {
        return new PersistentEvaluationCache(directory);
    }

    /**
     * A new cache as the system properties {@value #MODE_PROPERTY} and {@value #DIRECTORY_PROPERTY}
     * say (default: persistent in {@value #DEFAULT_DIRECTORY}).
     *
     * @throws IllegalArgumentException if {@value #MODE_PROPERTY} has another value
     */
    static EvaluationCache configured() {
        String mode = System.getProperty(MODE_PROPERTY, "persistent").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "persistent", "" -> persistent(Path.of(System.getProperty(DIRECTORY_PROPERTY, DEFAULT_DIRECTORY)));
            case "memory" -> inMemory();
            case "off", "none" -> none();
            default ->
                throw new IllegalArgumentException("system property " + MODE_PROPERTY + "=" + mode
                        + " is not a cache mode; use persistent (default), memory or off");
        };
    }
}
