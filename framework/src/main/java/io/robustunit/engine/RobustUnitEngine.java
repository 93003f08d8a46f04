package io.robustunit.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import org.apiguardian.api.API;

/**
 * The one place where RobustUnit touches DJL's engine selection.
 *
 * <p>Before DJL picks an engine it may "call home" (a cloud-metadata address and a telemetry host)
 * and, when asked for a specific PyTorch version or flavour, download natives. RobustUnit runs in CI
 * with no network, so {@link #pytorch()} first switches DJL to offline mode and opts out of tracking
 * (unless the user has set those switches explicitly), then loads the PyTorch engine from the natives
 * bundled in {@code pytorch-native-cpu} on the classpath. It also tunes glibc's allocator for
 * libtorch (its mmap and trim thresholds) unless the user did ({@code MALLOC_MMAP_THRESHOLD_} or
 * {@code MALLOC_TRIM_THRESHOLD_} set) or asked it not to ({@code -Drobustunit.malloc.tune=false}).
 *
 * <p>Threads: PyTorch's intra-op thread count defaults to the machine's cores. Set it with
 * {@link #setIntraOpThreads(int)}, with the system property {@value #THREADS_PROPERTY} (e.g.
 * {@code -Drobustunit.threads=2} on the Maven command line or in surefire's
 * {@code systemPropertyVariables}; applied when the engine starts), or {@code --threads} on the
 * command line.
 *
 * <pre>{@code
 * Engine engine = RobustUnitEngine.pytorch();   // offline, no telemetry
 * RobustUnitEngine.setIntraOpThreads(2);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class RobustUnitEngine {

    /** DJL's engine name for PyTorch. */
    public static final String PYTORCH = "PyTorch";

    /** System property: PyTorch intra-op threads, applied when the engine starts. */
    public static final String THREADS_PROPERTY = "robustunit.threads";

    /**
     * System property: threads that run the fixed-row pieces of one forward or gradient call
     * concurrently (see {@link #setForwardWorkers(int)}).
     */
    public static final String WORKERS_PROPERTY = "robustunit.workers";

    private static volatile int workers;

    private static volatile boolean configured;
    private static volatile boolean threadsApplied;

    private RobustUnitEngine() {}

    /**
     * Sets DJL's offline and tracking switches. Safe to call many times; called by {@link #pytorch()}.
     * A value the user has already set (system property or environment) is left alone.
     */
    public static synchronized void configureOffline() {
        if (configured) {
            return;
        }
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        for (String var : new String[] {"PYTORCH_VERSION", "PYTORCH_FLAVOR"}) {
            if (System.getenv(var) != null || System.getProperty(var) != null) {
                throw new EngineUnavailableException(var
                        + " is set, which makes DJL download PyTorch natives at run time."
                        + " RobustUnit uses the natives bundled in pytorch-native-cpu: unset "
                        + var
                        + ".");
            }
        }
        configured = true;
    }

    /**
     * Returns DJL's PyTorch engine, loaded offline.
     *
     * @throws EngineUnavailableException if the engine cannot be loaded, with what to check
     */
    public static Engine pytorch() {
        return engine(PYTORCH);
    }

    /**
     * Returns the named DJL engine, loaded offline. RobustUnit supports {@value #PYTORCH} only.
     *
     * @throws EngineUnavailableException naming the engine and the fix
     */
    public static Engine engine(String name) {
        if (!PYTORCH.equals(name)) {
            throw new EngineUnavailableException("Engine '"
                    + name
                    + "' is not supported by RobustUnit: attacks need input gradients,"
                    + " which RobustUnit implements for '"
                    + PYTORCH
                    + "' only. Load the model with the PyTorch engine (TorchScript .pt or a"
                    + " DJL Block).");
        }
        configureOffline();
        NativeAllocator.tune();
        try {
            Engine engine = Engine.getEngine(name);
            applyThreadsProperty();
            return engine;
        } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
            throw new EngineUnavailableException(
                    "Could not load DJL's PyTorch engine offline. Check that"
                            + " ai.djl.pytorch:pytorch-engine, pytorch-jni and pytorch-native-cpu"
                            + " (classifier linux-x86_64) are on the runtime classpath, that"
                            + " PYTORCH_VERSION/PYTORCH_FLAVOR are unset, and that DJL_CACHE_DIR ("
                            + System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"))
                            + ") is writable. Cause: "
                            + e.getMessage(),
                    e);
        }
    }

    private static synchronized void applyThreadsProperty() {
        if (threadsApplied) {
            return;
        }
        threadsApplied = true;
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return;
        }
        int threads;
        try {
            threads = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            threads = 0;
        }
        if (threads < 1) {
            throw new EngineUnavailableException(
                    THREADS_PROPERTY + "=" + value + " is not a thread count: set it to a whole number >= 1, e.g. -D"
                            + THREADS_PROPERTY + "=2, or remove it to use every core");
        }
        PyTorchCalls.setIntraOpThreads(threads);
    }

    /**
     * Threads that run the fixed-row pieces of one evaluation-mode forward or gradient call
     * concurrently: {@link #setForwardWorkers(int)}, else the system property {@value
     * #WORKERS_PROPERTY}, else 1 (pieces one after another). Results do not depend on it.
     */
    @API(status = EXPERIMENTAL, since = "0.2")
    public static int forwardWorkers() {
        int set = workers;
        if (set > 0) {
            return set;
        }
        String value = System.getProperty(WORKERS_PROPERTY);
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(WORKERS_PROPERTY + "=" + value
                + " is not a worker count: set it to a whole number >= 1 (e.g. -D" + WORKERS_PROPERTY
                + "=2 with -D" + THREADS_PROPERTY + "=1 on 2 cores), or remove it");
    }

    /**
     * Runs the fixed-row pieces (16 rows by default) of every evaluation-mode forward pass and input
     * gradient on {@code workers} threads at once. Each piece still uses {@link #intraOpThreads()}
     * threads, so on a machine with C cores {@code setIntraOpThreads(1)} with {@code
     * setForwardWorkers(C)} keeps every core busy on small pieces, where libtorch's own intra-op
     * threads do not ({@code scripts/benchmark pgd} measures both). Per-sample results are
     * bit-for-bit the same for every worker count.
     *
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    /** Forgets {@link #setForwardWorkers(int)}: the system property or the default applies again. */
    static void clearForwardWorkers() {
        RobustUnitEngine.workers = 0;
    }

    @API(status = EXPERIMENTAL, since = "0.2")
    public static void setForwardWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("forward workers must be >= 1, was " + workers);
        }
        RobustUnitEngine.workers = workers;
    }

    /** Number of intra-op threads PyTorch uses (defaults to the machine's cores). */
    public static int intraOpThreads() {
        pytorch();
        return PyTorchCalls.intraOpThreads();
    }

    /**
     * Sets the number of intra-op threads for the PyTorch engine.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void setIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, was " + threads);
        }
        pytorch();
        PyTorchCalls.setIntraOpThreads(threads);
    }
}
