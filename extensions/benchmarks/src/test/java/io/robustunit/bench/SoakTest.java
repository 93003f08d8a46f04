package io.robustunit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.engine.RobustUnitEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The soak command at a tiny size (the real soak runs for an hour: scripts/benchmark soak-pgd). */
class SoakTest {

    private static final String MODEL = "../../framework/src/test/resources/trades/trades-cnn.pt";
    private static final String DATA = "../../framework/src/test/resources/fashion-mnist-200";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final int threadsBefore = RobustUnitEngine.intraOpThreads();

    /** The soak sets PyTorch's process-wide thread count; other tests in this JVM keep theirs. */
    @AfterEach
    void restoreThreads() {
        RobustUnitEngine.setIntraOpThreads(threadsBefore);
    }

    private int soak(String... args) throws Exception {
        return Soak.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pgdSoakCyclesThroughTheDataAndJudgesTheMemoryAfterWarmUp() throws Exception {
        int status = soak(
                "pgd",
                "--model",
                MODEL,
                "--data",
                DATA,
                "--images",
                "300",
                "--batch",
                "50",
                "--steps",
                "1",
                "--threads",
                "1",
                "--every",
                "1",
                "--bound",
                "100");

        assertThat(status).as(output()).isZero();
        assertThat(output())
                .contains("300 images of Fashion-MNIST test (200) (cycled), batch 50")
                .containsPattern("robust accuracy [0-9.]+ \\(\\d+/300\\)")
                .contains("warm-up: the first 30 of 300 images (10%); 6 samples after it")
                .contains("PASS: VmRSS after warm-up stays within 10000%");
        assertThat(output().lines()
                        .filter(l -> l.matches(" +\\d+s +[\\d,]+ +\\d+ +\\d+"))
                        .count())
                .as("table rows")
                .isBetween(2L, 7L);
    }

    @Test
    void tradesSoakTrainsOneEpochAndWritesTheModelToATemporaryFolder() throws Exception {
        int status = soak(
                "trades",
                "--model",
                MODEL,
                "--data",
                DATA,
                "--train-size",
                "64",
                "--batch",
                "32",
                "--inner-steps",
                "1",
                "--threads",
                "1",
                "--every",
                "1",
                "--warmup",
                "0.5",
                "--bound",
                "100");

        assertThat(status).as(output()).isZero();
        assertThat(output())
                .contains("one epoch of TradesTrainer(TRADES Linf eps=0.100")
                .contains("on Fashion-MNIST train (64)")
                .containsPattern("2 steps in \\d+ s; last epoch 1/1 batch 2/2: .*; trained model written")
                .contains("warm-up: the first 32 of 64 images (50%); 2 samples after it")
                .contains("PASS");
    }

    @Test
    void aMissingModeOrAMistypedOptionIsAUsageError() throws Exception {
        assertThat(soak()).isEqualTo(2);
        assertThat(soak("pgd", "--imges", "10")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("soak: the first argument must be pgd or trades, was ''")
                .contains("soak: unknown option --imges; did you mean --images?")
                .contains("Usage: Soak trades [options]");
    }
}
