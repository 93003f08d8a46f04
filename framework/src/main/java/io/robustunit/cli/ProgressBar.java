package io.robustunit.cli;

import io.robustunit.eval.EvaluationListener;
import io.robustunit.eval.EvaluationProgress;
import io.robustunit.eval.RobustnessReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Evaluation progress on stderr: redrawn in place with carriage returns on a terminal, or one line
 * at most every {@code lineInterval} (and at the end) when stderr is a file or pipe (CI logs).
 *
 * <pre>{@code
 * [##########..........]  50%  500/1000  robust 312 (0.624)  elapsed 0:21  ETA 0:21
 * }</pre>
 */
final class ProgressBar implements EvaluationListener {

    private static final int WIDTH = 20;

    private final PrintStream err;
    private final boolean interactive;
    private final Duration lineInterval;
    private Duration lastLine;
    private int lastLength;

    /**
     * @param err where to draw
     * @param interactive whether {@code err} is a terminal
     * @param lineInterval the least time between two lines when not interactive
     */
    public ProgressBar(PrintStream err, boolean interactive, Duration lineInterval) {
        this.err = err;
        this.interactive = interactive;
        this.lineInterval = lineInterval;
    }

    @Override
    public void started(EvaluationProgress progress) {
        lastLine = null;
        lastLength = 0;
        if (!interactive) {
            err.println("evaluating " + progress.totalSamples() + " samples with " + progress.attackDescription());
        }
    }

    @Override
    public void progressed(EvaluationProgress progress) {
        String line = render(progress);
        if (interactive) {
            String padding = " ".repeat(Math.max(0, lastLength - line.length()));
            err.print("\r" + line + padding);
            lastLength = line.length();
            err.flush();
        } else if (progress.finished()
                || lastLine == null
                || progress.elapsed().minus(lastLine).compareTo(lineInterval) >= 0) {
            err.println(line);
            lastLine = progress.elapsed();
        }
    }

    @Override
    public void finished(RobustnessReport report) {
        if (interactive) {
            err.println();
        }
    }

    /** One progress line. */
    static String render(EvaluationProgress p) {
        int filled = (int) Math.round(p.fraction() * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String robust = p.samplesDone() == 0
                ? "-"
                : String.format(Locale.ROOT, "%d (%.3f)", p.robustSoFar(), p.robustAccuracySoFar());
        return String.format(
                Locale.ROOT,
                "[%s] %3d%%  %d/%d  robust %s  elapsed %s  ETA %s",
                bar,
                (int) Math.floor(p.fraction() * 100),
                p.samplesDone(),
                p.totalSamples(),
                robust,
                clock(p.elapsed()),
                p.eta().map(ProgressBar::clock).orElse("?"));
    }

    /** For example {@code 0:42} or {@code 1:02:03}. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
