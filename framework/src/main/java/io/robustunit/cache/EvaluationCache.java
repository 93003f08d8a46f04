package io.robustunit.cache;

import java.util.function.Supplier;

/**
 * Remembers evaluation results by {@link EvaluationKey}. Implementations are thread-safe and
 * compute each key at most once even when several threads ask for it at the same time.
 *
 * <pre>{@code
 * RobustnessReport report = EvaluationCaches.current()
 *         .computeIfAbsent(key, () -> evaluator.evaluate(model, data, attack));
 * }</pre>
 */
public interface EvaluationCache {

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
}
