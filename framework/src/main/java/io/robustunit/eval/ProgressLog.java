package io.robustunit.eval;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Prints a running evaluation's progress at most every {@code interval} (first after one interval),
 * so a long gate (an AutoAttack run of many minutes) shows in the test output that it is alive:
 * <pre>
 * robustunit: AutoAttack(Linf eps=0.100, ...) 400/1000 (40%), robust so far 0.512, elapsed 2m10s, ETA 3m15s
 * </pre>
 * Evaluations that end within one interval print nothing. The interval is the system property
 * {@value #PROPERTY} in seconds (default 10; 0 turns it off).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ProgressLog implements EvaluationListener {

    /** Seconds between progress lines; {@code 0} turns progress lines off. */
    public static final String PROPERTY = "robustunit.progress.seconds";

    private final PrintStream out;
    private final long intervalNanos;
    private volatile long nextNanos;

    private ProgressLog(PrintStream out, Duration interval) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.nextNanos = intervalNanos;
    }

    /** Progress to {@code out} every {@code interval}. */
    public static ProgressLog every(PrintStream out, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0, was " + interval);
        }
        return new ProgressLog(out, interval);
    }

    /** The listener gates use: {@value #PROPERTY} seconds (default 10) to standard output, or none if 0. */
    public static EvaluationListener fromSystemProperty() {
        long seconds;
        try {
            seconds = Long.parseLong(System.getProperty(PROPERTY, "10").trim());
        } catch (NumberFormatException e) {
            seconds = 10;
        }
        return seconds <= 0 ? p -> {} : every(System.out, Duration.ofSeconds(seconds));
    }

    @Override
    public void started(EvaluationProgress progress) {
        nextNanos = intervalNanos;
    }

    @Override
    public void progressed(EvaluationProgress p) {
        long elapsed = p.elapsed().toNanos();
        if (p.finished() || elapsed < nextNanos) {
            return;
        }
        nextNanos = elapsed + intervalNanos;
        out.println(line(p));
    }

    static String line(EvaluationProgress p) {
        return String.format(
                Locale.ROOT,
                "robustunit: %s %d/%d (%.0f%%), robust so far %.3f, elapsed %s, ETA %s",
                p.attackDescription(),
                p.samplesDone(),
                p.totalSamples(),
                100 * p.fraction(),
                p.robustAccuracySoFar(),
                format(p.elapsed()),
                p.eta().map(ProgressLog::format).orElse("?"));
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
