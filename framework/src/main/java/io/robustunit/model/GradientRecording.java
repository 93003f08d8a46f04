package io.robustunit.model;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * DJL's PyTorch engine allows one open {@link GradientCollector} per process. Every RobustUnit
 * component that records gradients (attacks, TRADES) goes through this class, which serialises
 * them with one process-wide lock, so JUnit's parallel mode is safe without a {@code @ResourceLock}:
 * threads take turns for the backward passes and run gradient-free work concurrently.
 */
public final class GradientRecording {

    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private GradientRecording() {}

    /**
     * Runs {@code work} with a gradient collector open, holding the process-wide lock.
     *
     * @param engine the engine whose collector to open
     * @param work receives the open collector and returns the result
     */
    public static <T> T record(Engine engine, java.util.function.Function<GradientCollector, T> work) {
        LOCK.lock();
        try (GradientCollector collector = engine.newGradientCollector()) {
            return work.apply(collector);
        } finally {
            LOCK.unlock();
        }
    }

    /** Like {@link #record(Engine, java.util.function.Function)} without a result. */
    public static void run(Engine engine, Consumer<GradientCollector> work) {
        record(engine, c -> {
            work.accept(c);
            return null;
        });
    }

    /** Runs {@code work} while holding the lock but without opening a collector. */
    public static <T> T exclusively(Supplier<T> work) {
        LOCK.lock();
        try {
            return work.get();
        } finally {
            LOCK.unlock();
        }
    }
}
