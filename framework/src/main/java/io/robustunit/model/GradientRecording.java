package io.robustunit.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import io.robustunit.engine.PyTorchCalls;
import io.robustunit.engine.RobustUnitEngine;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Gradient recording for every RobustUnit component that differentiates (attacks, TRADES), safe
 * under JUnit's parallel mode without a {@code @ResourceLock}.
 *
 * <p>On DJL's PyTorch engine, threads record concurrently: PyTorch's grad mode is thread-local and
 * {@code torch::autograd::backward} on one thread's graph needs no global state, so each recording
 * turns grad mode on for its own thread, calls backward through {@link PyTorchCalls#backward}, and
 * restores the thread's previous mode. DJL's own {@code PtGradientCollector} is bypassed because it
 * holds a process-wide "already collecting" flag that would make a second thread fail. Other
 * engines get their own {@link GradientCollector}, serialised by one process-wide lock, since DJL
 * does not promise more for them.
 */
@API(status = INTERNAL, since = "0.1")
public final class GradientRecording {

    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private GradientRecording() {}

    /**
     * Runs {@code work} with gradient recording on for the calling thread.
     *
     * @param engine the engine of the arrays {@code work} differentiates
     * @param work receives the open collector and returns the result
     */
    public static <T> T record(Engine engine, Function<GradientCollector, T> work) {
        if (RobustUnitEngine.PYTORCH.equals(engine.getEngineName())) {
            try (ThreadCollector collector = new ThreadCollector()) {
                return work.apply(collector);
            }
        }
        LOCK.lock();
        try (GradientCollector collector = engine.newGradientCollector()) {
            return work.apply(collector);
        } finally {
            LOCK.unlock();
        }
    }

    /** Like {@link #record(Engine, Function)} without a result. */
    public static void run(Engine engine, Consumer<GradientCollector> work) {
        record(engine, c -> {
            work.accept(c);
            return null;
        });
    }

    /**
     * Runs {@code work} while holding the process-wide lock that serialises recordings on engines
     * other than PyTorch (for work that touches process-global engine state).
     */
    public static <T> T exclusively(Supplier<T> work) {
        LOCK.lock();
        try {
            return work.get();
        } finally {
            LOCK.unlock();
        }
    }

    /** Grad mode on for this thread until closed; backward on this thread's graph. */
    private static final class ThreadCollector implements GradientCollector {

        private final boolean previous;
        private final Thread owner = Thread.currentThread();

        ThreadCollector() {
            previous = PyTorchCalls.gradMode();
            PyTorchCalls.setGradMode(true);
        }

        @Override
        public void backward(NDArray target) {
            PyTorchCalls.backward(target);
        }

        @Override
        public void zeroGradients() {
            throw new UnsupportedOperationException(
                    "zero the gradients of the arrays you differentiate (TorchAutograd.zeroGradient)");
        }

        @Override
        public void close() {
            if (Thread.currentThread() == owner) {
                PyTorchCalls.setGradMode(previous);
            }
        }
    }
}
