package io.robustunit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict of the validity checks on the command line: {@code robustunit check} and
 * {@code robustunit evaluate} print the findings and exit with status 3 when the evaluation is
 * invalid, 0 when valid; the JSON carries the same verdict.
 */
class CheckCommandTest {

    static final String DATA = "src/test/resources/fashion-mnist-200";
    static final String FIXTURES = "src/test/resources/models/obfuscated/";

    @TempDir
    Path out;

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final CommandIo io = new CommandIo(
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            false);

    int run(String... args) {
        return RobustUnitCli.run(args, io, CommandRegistry.defaults());
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkFlagsShatteredGradientsWithExitStatusThree() throws Exception {
        Path json = out.resolve("check.json");
        int status = run(
                "check",
                "--model",
                FIXTURES + "shattered-high-frequency.pt",
                "--data",
                DATA,
                "--limit",
                "32",
                "--json",
                json.toString());

        assertThat(status).as(out() + stderr).isEqualTo(RobustUnitCli.INVALID);
        assertThat(out()).contains("Validity:        INVALID").contains("SHATTERED_GRADIENTS");
        JsonObject validity =
                JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("validity");
        assertThat(validity.get("verdict").getAsString()).isEqualTo("invalid");
        assertThat(validity.getAsJsonArray("findings")
                        .get(0)
                        .getAsJsonObject()
                        .get("kind")
                        .getAsString())
                .isEqualTo("SHATTERED_GRADIENTS");
    }

    @Test
    void checkPassesTheHonestModel() {
        int status = run("check", "--model", FIXTURES + "honest-cnn.pt", "--data", DATA, "--limit", "32");

        assertThat(status).as(out() + stderr).isEqualTo(RobustUnitCli.OK);
        assertThat(out()).contains("Validity:        valid");
    }

    @Test
    void evaluatePrintsTheFindingsAndExitsWithStatusThreeOnAVanishingGradientModel() throws Exception {
        Path json = out.resolve("report.json");
        int status = run(
                "evaluate",
                "--model",
                FIXTURES + "vanishing-logit-scale.pt",
                "--data",
                DATA,
                "--limit",
                "32",
                "--attack",
                "pgd",
                "--eps",
                "0.1",
                "--steps",
                "5",
                "--json",
                json.toString());

        assertThat(status).as(out() + stderr).isEqualTo(RobustUnitCli.INVALID);
        assertThat(out())
                .contains("Validity:        INVALID")
                .contains("VANISHING_GRADIENTS")
                .contains("a margin or DLR loss would");
        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(root.getAsJsonObject("validity").get("verdict").getAsString())
                .isEqualTo("invalid");
    }

    @Test
    void aSilencedFindingNeedsAReasonAndIsRecorded() throws Exception {
        int usage = run(
                "check",
                "--model",
                FIXTURES + "vanishing-logit-scale.pt",
                "--data",
                DATA,
                "--silence",
                "VANISHING_GRADIENTS");
        assertThat(usage).isEqualTo(RobustUnitCli.USAGE);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("needs a reason");

        int status = run(
                "check",
                "--model",
                FIXTURES + "vanishing-logit-scale.pt",
                "--data",
                DATA,
                "--limit",
                "16",
                "--silence",
                "VANISHING_GRADIENTS=saturated head, gated by DLR;EXPLODING_GRADIENTS=saturated head, gated by DLR");

        assertThat(status).as(out() + stderr).isEqualTo(RobustUnitCli.OK);
        assertThat(out()).contains("silenced VANISHING_GRADIENTS (reason: saturated head, gated by DLR)");
    }
}
