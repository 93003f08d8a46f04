package io.robustunit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The memory this process uses: resident set size ({@code VmRSS} of {@code /proc/self/status}, so
 * Linux only; it includes PyTorch's native allocations) and the Java heap in use.
 */
final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {}

    /** VmRSS in KiB, or empty where {@code /proc/self/status} does not exist or has no VmRSS line. */
    static OptionalLong residentKiB() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** VmRSS in MiB as text, or "n/a". */
    static String residentMiB() {
        OptionalLong kib = residentKiB();
        return kib.isPresent() ? kib.getAsLong() / 1024 + " MiB" : "n/a";
    }

    /** Bytes of Java heap in use (allocated minus free; includes garbage not yet collected). */
    static long heapUsedBytes() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
