package io.robustunit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradesCommandTest {

    static final Path MODEL = Path.of("src/test/resources/trades/trades-cnn.pt");

    @TempDir
    static Path dataDir;

    @TempDir
    Path dir;

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final CommandIo io = new CommandIo(RobustUnitCliTest.print(stdout), RobustUnitCliTest.print(stderr), false);

    /** Random 28x28 images as IDX train (40) and test (12) splits. */
    @BeforeAll
    static void writeIdxSplits() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? 40 : 12;
            byte[] pixels = new byte[n * 784];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) random.nextInt(256);
            }
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
            }
            RobustUnitCliTest.writeIdx(dataDir.resolve(split + "-images-idx3-ubyte"), new int[] {n, 28, 28}, pixels);
            RobustUnitCliTest.writeIdx(dataDir.resolve(split + "-labels-idx1-ubyte"), new int[] {n}, labels);
        }
    }

    int run(String... args) {
        List<String> all = new ArrayList<>(List.of("trades"));
        all.addAll(List.of(args));
        return RobustUnitCli.run(all.toArray(String[]::new), io, CommandRegistry.defaults());
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tradesTrainsMeasuresBeforeAndAfterAndWritesTheModel() {
        Path fixed = dir.resolve("fixed.pt");
        Path checkpoints = dir.resolve("ck");

        int exit = run(
                "--model",
                MODEL.toString(),
                "--data",
                dataDir.toString(),
                "--eps",
                "0.1",
                "--beta",
                "6",
                "--epochs",
                "1",
                "--batch",
                "8",
                "--inner-steps",
                "2",
                "--held-out",
                "8",
                "--test-size",
                "12",
                "--checkpoint-dir",
                checkpoints.toString(),
                "--out",
                fixed.toString());

        assertThat(exit).as(err()).isZero();
        assertThat(out())
                .contains("TRADES Linf eps=0.100 beta 6.0, 2 inner steps of 0.025")
                .contains("training on 32 images, 8 held out, measuring on 12 test images")
                .containsPattern("before: clean \\d+/12 .*, robust \\d+/12 .* under PGD\\(Linf eps=0.100, 20 steps")
                .contains("trained 4 steps")
                .containsPattern("after:  clean \\d+/12");
        assertThat(err()).contains("epoch 1/1 batch 4/4").contains("held-out step 4");
        assertThat(fixed).isRegularFile();

        stdout.reset();
        int resumed = run(
                "--model",
                MODEL.toString(),
                "--data",
                dataDir.toString(),
                "--epochs",
                "2",
                "--batch",
                "8",
                "--inner-steps",
                "2",
                "--held-out",
                "8",
                "--test-size",
                "12",
                "--checkpoint-dir",
                checkpoints.toString(),
                "--resume",
                "--out",
                fixed.toString());
        assertThat(resumed).as(err()).isZero();
        assertThat(out()).doesNotContain("before:").contains("trained 4 steps").contains("after:");
    }

    @Test
    void anUnwritableOutputFailsBeforeAnythingIsMeasured() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        int exit = run(
                "--model",
                MODEL.toString(),
                "--data",
                dataDir.toString(),
                "--held-out",
                "8",
                "--out",
                file.resolve("fixed.pt").toString());

        assertThat(exit).as(err()).isEqualTo(RobustUnitCli.FAILED);
        assertThat(err()).contains("Cannot write to the folder of the output model file");
        assertThat(out()).doesNotContain("before:");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(run("--out", "x.pt")).isEqualTo(RobustUnitCli.USAGE);
        assertThat(err()).contains("missing required option --model");
        assertThat(run("--model", "nope.pt", "--out", "x.pt")).isEqualTo(RobustUnitCli.USAGE);
        assertThat(err()).contains("nope.pt does not exist");
        assertThat(run("--model", MODEL.toString(), "--out", "x.pt", "--beta", "-1"))
                .isEqualTo(RobustUnitCli.USAGE);
        assertThat(err()).contains("option --beta: '-1' is not valid");
        assertThat(run("--model", MODEL.toString(), "--out", "x.pt", "--resume"))
                .isEqualTo(RobustUnitCli.USAGE);
        assertThat(err()).contains("--resume needs --checkpoint-dir");
    }

    @Test
    void helpListsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out())
                .contains("Usage: robustunit trades")
                .contains("--beta B")
                .contains("--checkpoint-dir DIR");
    }
}
