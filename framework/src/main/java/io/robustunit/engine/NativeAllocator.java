package io.robustunit.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;

/**
 * Tunes glibc's allocator for libtorch at engine start, so that no build or launcher has to.
 *
 * <p>Attacks and training allocate and free the same few buffers of one to a few MiB per operation.
 * With glibc's defaults, buffers above the (dynamic) mmap threshold are mapped and unmapped every
 * time and their pages faulted in again; PGD on the sample model ran 4x slower so. This class calls
 * {@code mallopt(M_MMAP_THRESHOLD, 32 MiB)} and {@code mallopt(M_TRIM_THRESHOLD, 1 GiB)} through JNA
 * (which DJL already brings), the same as the environment variables {@code MALLOC_MMAP_THRESHOLD_}
 * and {@code MALLOC_TRIM_THRESHOLD_}. It does nothing if the user set either variable, if the system
 * property {@value #PROPERTY} is {@code false}, or off Linux/glibc.
 */
final class NativeAllocator {

    /** System property: {@code false} leaves the allocator as the process started with it. */
    public static final String PROPERTY = "robustunit.malloc.tune";

    /** The mmap threshold set, in bytes. */
    public static final int MMAP_THRESHOLD = 32 << 20;

    /** The trim threshold set, in bytes. */
    public static final int TRIM_THRESHOLD = 1 << 30;

    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;

    private static volatile String state;

    private NativeAllocator() {}

    /**
     * Applies the thresholds once per JVM (later calls return the first call's result).
     *
     * @return what happened, e.g. {@code "tuned (mmap threshold 32 MiB, trim threshold 1 GiB)"}
     */
    public static synchronized String tune() {
        if (state == null) {
            state = apply();
        }
        return state;
    }

    /** What {@link #tune()} did, or {@code "not yet"}. */
    public static String state() {
        String s = state;
        return s == null ? "not yet" : s;
    }

    private static String apply() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return "left alone (" + PROPERTY + "=false)";
        }
        if (System.getenv("MALLOC_MMAP_THRESHOLD_") != null || System.getenv("MALLOC_TRIM_THRESHOLD_") != null) {
            return "left alone (MALLOC_*_THRESHOLD_ set in the environment)";
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "left alone (not Linux)";
        }
        try {
            NativeLibrary libc = NativeLibrary.getInstance("c");
            libc.getFunction("gnu_get_libc_version"); // glibc only: throws elsewhere (e.g. musl)
            Function mallopt = libc.getFunction("mallopt");
            int mmap = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD});
            int trim = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD});
            return mmap == 1 && trim == 1
                    ? "tuned (mmap threshold 32 MiB, trim threshold 1 GiB)"
                    : "left alone (mallopt refused: " + mmap + ", " + trim + ")";
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | RuntimeException e) {
            return "left alone (no glibc mallopt: " + e.getMessage() + ")";
        }
    }
}
