package io.robustunit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.eval.EvaluationProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    static EvaluationProgress at(int done, int robust, int seconds) {
        return new EvaluationProgress("PGD(...)", done, 1000, done, robust, Duration.ofSeconds(seconds));
    }

    String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLineShowsBarCountsRobustSoFarAndEta() {
        assertThat(ProgressBar.render(at(500, 312, 21)))
                .isEqualTo("[##########..........]  50%  500/1000  robust 312 (0.624)  elapsed 0:21  ETA 0:21");
        assertThat(ProgressBar.render(at(0, 0, 0))).endsWith("robust -  elapsed 0:00  ETA ?");
        assertThat(ProgressBar.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlace() {
        ProgressBar bar = new ProgressBar(err, true, Duration.ofSeconds(10));

        bar.started(at(0, 0, 0));
        bar.progressed(at(200, 150, 1));
        bar.progressed(at(1000, 600, 5));
        bar.finished(null);

        assertThat(printed())
                .startsWith("\r[####")
                .contains("\r[####################] 100%")
                .endsWith(System.lineSeparator())
                .doesNotContain("evaluating");
        assertThat(printed().split(System.lineSeparator(), -1))
                .as("one line, ended at the finish")
                .hasSize(2);
    }

    @Test
    void inALogLinesArePrintedAtMostOncePerIntervalAndAtTheEnd() {
        ProgressBar bar = new ProgressBar(err, false, Duration.ofSeconds(10));

        bar.started(at(0, 0, 0));
        bar.progressed(at(100, 80, 2)); // first line
        bar.progressed(at(200, 160, 6)); // within 10 s of the last line: skipped
        bar.progressed(at(300, 240, 12)); // printed
        bar.progressed(at(1000, 700, 13)); // the end: always printed
        bar.finished(null);

        assertThat(printed().lines())
                .containsExactly(
                        "evaluating 1000 samples with PGD(...)",
                        ProgressBar.render(at(100, 80, 2)),
                        ProgressBar.render(at(300, 240, 12)),
                        ProgressBar.render(at(1000, 700, 13)));
    }
}
