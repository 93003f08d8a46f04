package io.robustunit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.certify.CertificationReport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertifyCommandTest {

    static final Path TINY_CNN = Path.of("src/test/resources/models/tiny-cnn.pt");
    static final Path DATA = Path.of("src/test/resources/fashion-mnist-200");

    @TempDir
    Path out;

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final CommandIo io = new CommandIo(print(stdout), print(stderr), false);

    static PrintStream print(OutputStream s) {
        return new PrintStream(s, true, StandardCharsets.UTF_8);
    }

    int run(String... args) {
        return RobustUnitCli.run(args, io, CommandRegistry.defaults());
    }

    @Test
    void certifiesPrintsTheRadiiAndWritesTheJsonReport() throws Exception {
        Path json = out.resolve("certification.json");
        int exit = run(
                "certify",
                "--model",
                TINY_CNN.toString(),
                "--data",
                DATA.toString(),
                "--limit",
                "6",
                "--sigma",
                "0.25",
                "--n0",
                "10",
                "--n",
                "100",
                "--alpha",
                "0.01",
                "--radius",
                "0,0.1,0.5",
                "--batch",
                "64",
                "--json",
                json.toString());

        String text = stdout.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text + stderr).isZero();
        CertificationReport report = CertificationReport.readJson(json);
        assertThat(report.sampleCount()).isEqualTo(6);
        assertThat(report.settings().n()).isEqualTo(100);
        assertThat(text)
                .contains("sigma=0.25, n0=10, n=100, alpha=0.01, seed=0")
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "%.3f (%d/6)",
                        report.certifiedAccuracy(0.1),
                        report.certifiedCount(0.1)))
                .contains("radius bound: " + String.format(java.util.Locale.ROOT, "%.4f", report.radiusBound()))
                .contains("(above the radius bound: n too small)")
                .contains("consistency: valid");
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("certifying 6 images")
                .contains("draws/s");
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        assertThat(run("certify", "--model", TINY_CNN.toString(), "--data", DATA.toString()))
                .isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--sigma");
        stderr.reset();
        assertThat(run(
                        "certify",
                        "--model",
                        TINY_CNN.toString(),
                        "--data",
                        DATA.toString(),
                        "--sigma",
                        "0.25",
                        "--alpha",
                        "0.7"))
                .isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--alpha");
        stderr.reset();
        assertThat(run(
                        "certify",
                        "--model",
                        TINY_CNN.toString(),
                        "--data",
                        DATA.toString(),
                        "--sigma",
                        "0.25",
                        "--radius",
                        "0,-1"))
                .isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--radius");
        assertThat(Files.exists(out.resolve("certification.json"))).isFalse();
    }
}
