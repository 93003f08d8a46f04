package io.robustunit.cache;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The cache that applies to the code running on the current thread. A test-framework adapter
 * binds one around each test (the JUnit extension binds one cache per test class); outside any
 * binding, {@link #current()} is {@link EvaluationCache#none()}: every evaluation is computed.
 *
 * <pre>{@code
 * EvaluationCache perClass = EvaluationCache.inMemory();
 * try (EvaluationCaches.Binding binding = EvaluationCaches.bind(perClass)) {
 *     runTest();
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EvaluationCaches {

    private static final ThreadLocal<EvaluationCache> BOUND = new ThreadLocal<>();

    private EvaluationCaches() {}

    /** The cache bound to this thread, or {@link EvaluationCache#none()}. */
    public static EvaluationCache current() {
        EvaluationCache cache = BOUND.get();
        return cache == null ? EvaluationCache.none() : cache;
    }

    /**
     * Binds {@code cache} to this thread until the returned binding is closed, which restores the
     * previous binding (bindings nest). Close it on the thread that opened it.
     */
    public static Binding bind(EvaluationCache cache) {
        Objects.requireNonNull(cache, "cache");
        EvaluationCache previous = BOUND.get();
        BOUND.set(cache);
        return new Binding(previous);
    }

    /** An open binding; closing it restores what was bound before. */
    public static final class Binding implements AutoCloseable {

        private final EvaluationCache previous;
        private boolean closed;

        private Binding(EvaluationCache previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (previous == null) {
                BOUND.remove();
            } else {
                BOUND.set(previous);
            }
        }
    }
}
