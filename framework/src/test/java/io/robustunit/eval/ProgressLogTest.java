package io.robustunit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLogTest {

    @Test
    void aLongEvaluationPrintsAProgressLineEveryIntervalAndAShortOneNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLog log =
                ProgressLog.every(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofSeconds(10));

        log.started(progress(0, 0, 0));
        log.progressed(progress(100, 40, 4)); // before the first interval: nothing
        log.progressed(progress(400, 204, 12)); // 12 s: a line
        log.progressed(progress(500, 250, 15)); // within the next interval: nothing
        log.progressed(progress(800, 400, 23)); // 23 s: a line
        log.progressed(progress(1000, 500, 30)); // finished: the report says the rest

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "robustunit: PGD(Linf eps=0.100) 400/1000 (40%), robust so far 0.510, elapsed 12s, ETA 18s",
                        "robustunit: PGD(Linf eps=0.100) 800/1000 (80%), robust so far 0.500, elapsed 23s, ETA 5s");
    }

    private static EvaluationProgress progress(int done, int robust, int seconds) {
        return new EvaluationProgress("PGD(Linf eps=0.100)", done, 1000, done, robust, Duration.ofSeconds(seconds));
    }
}
