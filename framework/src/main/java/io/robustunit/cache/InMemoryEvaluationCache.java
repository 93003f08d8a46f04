package io.robustunit.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A thread-safe cache held in memory. The first caller of a key computes it on its own thread;
 * concurrent callers of the same key wait for that result instead of computing it again.
 */
final class InMemoryEvaluationCache implements EvaluationCache {

    private final ConcurrentMap<EvaluationKey<?>, CompletableFuture<Object>> results = new ConcurrentHashMap<>();

    @Override
    public <T> T computeIfAbsent(EvaluationKey<T> key, Supplier<? extends T> computation) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = results.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                T value = computation.get();
                mine.complete(value);
                return value;
            } catch (RuntimeException | Error e) {
                results.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return key.resultType().cast(existing.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + key, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    int size() {
        return results.size();
    }

    @Override
    public String toString() {
        return "in-memory evaluation cache (" + results.size() + " entries)";
    }
}
