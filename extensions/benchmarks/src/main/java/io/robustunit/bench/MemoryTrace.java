package io.robustunit.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Resident memory over a long run. {@link #record} takes a sample after every unit of work (a
 * batch or a training step), a table row is printed every {@code printEvery}, and {@link #finish}
 * judges the samples taken after the warm-up: does VmRSS stay within a relative bound?
 *
 * <pre>{@code
 * MemoryTrace trace = MemoryTrace.start(System.out, "images", 50_000, Duration.ofSeconds(30));
 * ... trace.record(imagesDone); ...
 * boolean pass = trace.finish(0.1, 0.1);
 * }</pre>
 */
final class MemoryTrace {

    /** One measurement after {@code done} units of work. */
    record Sample(long elapsedNanos, long done, long residentKiB, long heapBytes) {}

    /**
     * The samples after the warm-up judged against {@code bound}: {@code spread} is
     * {@code (max - min) / min} of VmRSS, {@code trendMiBPer10k} the least-squares slope of VmRSS
     * in MiB per 10,000 units.
     */
    record Verdict(
            long warmupDone,
            List<Sample> judged,
            Sample min,
            Sample max,
            double spread,
            double trendMiBPer10k,
            long minHeapBytes,
            long maxHeapBytes,
            double bound) {

        boolean pass() {
            return judged.size() >= 2 && spread <= bound;
        }
    }

    private final PrintStream out;
    private final String unit;
    private final long total;
    private final long printEveryNanos;
    private final long startNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private long lastPrintedNanos;

    private MemoryTrace(PrintStream out, String unit, long total, Duration printEvery) {
        this.out = Objects.requireNonNull(out, "out");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.total = total;
        this.printEveryNanos = printEvery.toNanos();
    }

    /**
     * Prints the table header and the first sample (nothing done yet).
     *
     * @throws IllegalStateException if this system has no {@code /proc/self/status} (not Linux)
     */
    static MemoryTrace start(PrintStream out, String unit, long total, Duration printEvery) {
        if (ResidentMemory.residentKiB().isEmpty()) {
            throw new IllegalStateException("resident memory is read from /proc/self/status, which this"
                    + " system does not have; run the soak on Linux");
        }
        MemoryTrace trace = new MemoryTrace(out, unit, total, printEvery);
        out.printf(Locale.ROOT, "%8s  %10s  %9s  %8s%n", "elapsed", unit, "VmRSS MiB", "heap MiB");
        trace.record(0);
        return trace;
    }

    /** Samples memory after {@code done} units; prints a row if one is due or the run is complete. */
    void record(long done) {
        long now = System.nanoTime();
        Sample sample = new Sample(
                now - startNanos, done, ResidentMemory.residentKiB().orElse(0), ResidentMemory.heapUsedBytes());
        samples.add(sample);
        if (samples.size() == 1 || done >= total || now - lastPrintedNanos >= printEveryNanos) {
            lastPrintedNanos = now;
            out.printf(
                    Locale.ROOT,
                    "%8s  %,10d  %9d  %8d%n",
                    seconds(sample.elapsedNanos()),
                    done,
                    sample.residentKiB() / 1024,
                    sample.heapBytes() >> 20);
        }
    }

    /**
     * Prints and returns the verdict on the samples taken once the first {@code warmupFraction} of
     * the work was done.
     */
    Verdict finish(double warmupFraction, double bound) {
        long warmupDone = Math.round(warmupFraction * total);
        Verdict v = judge(samples, warmupDone, bound);
        out.printf(
                Locale.ROOT,
                "warm-up: the first %,d of %,d %s (%.0f%%); %d samples after it%n",
                warmupDone,
                total,
                unit,
                100 * warmupFraction,
                v.judged().size());
        if (v.judged().size() < 2) {
            out.printf(Locale.ROOT, "FAIL: fewer than 2 samples after the warm-up; run longer%n");
            return v;
        }
        out.printf(
                Locale.ROOT,
                "VmRSS after warm-up: min %d MiB at %,d %s, max %d MiB at %,d %s;"
                        + " spread %.1f%% of the minimum; trend %+.1f MiB per 10,000 %s%n",
                v.min().residentKiB() / 1024,
                v.min().done(),
                unit,
                v.max().residentKiB() / 1024,
                v.max().done(),
                unit,
                100 * v.spread(),
                v.trendMiBPer10k(),
                unit);
        out.printf(
                Locale.ROOT,
                "Java heap used after warm-up: min %d MiB, max %d MiB%n",
                v.minHeapBytes() >> 20,
                v.maxHeapBytes() >> 20);
        out.printf(
                Locale.ROOT,
                "%s: VmRSS after warm-up %s within %.0f%% (spread %.1f%%)%n",
                v.pass() ? "PASS" : "FAIL",
                v.pass() ? "stays" : "does not stay",
                100 * bound,
                100 * v.spread());
        return v;
    }

    /** The verdict on the samples with {@code done >= warmupDone}. */
    static Verdict judge(List<Sample> samples, long warmupDone, double bound) {
        List<Sample> judged =
                samples.stream().filter(s -> s.done() >= warmupDone).toList();
        if (judged.isEmpty()) {
            return new Verdict(warmupDone, judged, null, null, Double.NaN, Double.NaN, 0, 0, bound);
        }
        Sample min = judged.get(0);
        Sample max = judged.get(0);
        long minHeap = Long.MAX_VALUE;
        long maxHeap = 0;
        double meanDone = 0;
        double meanMiB = 0;
        for (Sample s : judged) {
            min = s.residentKiB() < min.residentKiB() ? s : min;
            max = s.residentKiB() > max.residentKiB() ? s : max;
            minHeap = Math.min(minHeap, s.heapBytes());
            maxHeap = Math.max(maxHeap, s.heapBytes());
            meanDone += (double) s.done() / judged.size();
            meanMiB += s.residentKiB() / 1024.0 / judged.size();
        }
        double covariance = 0;
        double variance = 0;
        for (Sample s : judged) {
            covariance += (s.done() - meanDone) * (s.residentKiB() / 1024.0 - meanMiB);
            variance += (s.done() - meanDone) * (s.done() - meanDone);
        }
        double trend = variance > 0 ? covariance / variance * 10_000 : 0;
        double spread = (double) (max.residentKiB() - min.residentKiB()) / min.residentKiB();
        return new Verdict(warmupDone, judged, min, max, spread, trend, minHeap, maxHeap, bound);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%ds", nanos / 1_000_000_000L);
    }
}
