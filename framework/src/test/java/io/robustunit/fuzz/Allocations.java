package io.robustunit.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes allocated by the current thread, from HotSpot's per-thread counter
 * ({@code com.sun.management.ThreadMXBean}). Exact up to the current allocation buffer's fill level,
 * which the JVM includes.
 */
public final class Allocations {

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private Allocations() {}

    /** Bytes allocated by the calling thread since it started. */
    public static long currentThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Runs {@code action} on the calling thread, counting what it allocates up to its end or throw. */
    public static Measured measure(ThrowingRunnable action) {
        long before = currentThread();
        Throwable thrown = null;
        try {
            action.run();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Measured(currentThread() - before, thrown);
    }

    /**
     * What an action allocated and threw.
     *
     * @param bytes heap bytes allocated by the thread while it ran
     * @param thrown what it threw, or null
     */
    public record Measured(long bytes, Throwable thrown) {}

    /** An action that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t)
                || !t.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException(
                    "this JVM does not count per-thread allocation; run the fuzz tests on HotSpot");
        }
        t.setThreadAllocatedMemoryEnabled(true);
        return t;
    }
}
