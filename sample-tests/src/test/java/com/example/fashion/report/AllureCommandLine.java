package com.example.fashion.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The Allure command line unpacked by the build (see sample-tests/pom.xml and scripts/render-report). */
final class AllureCommandLine {

    private static final long TIMEOUT_SECONDS = 300;

    private final Path home;

    AllureCommandLine(Path home) {
        if (!Files.isRegularFile(home.resolve("bin/allure"))) {
            throw new IllegalStateException("no Allure command line in " + home + "; the build unpacks"
                    + " io.qameta.allure:allure-commandline there in pre-integration-test: run mvn verify");
        }
        this.home = home;
    }

    /**
     * {@code allure generate <results> -o <report> --clean}.
     *
     * @param log file that receives the command's output
     */
    void generate(Path results, Path report, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        home.resolve("bin/allure").toString(),
                        "generate",
                        results.toString(),
                        "-o",
                        report.toString(),
                        "--clean")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "allure generate did not finish within " + TIMEOUT_SECONDS + " s; its output is in " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "allure generate exited with " + process.exitValue() + ":\n" + Files.readString(log));
        }
    }
}
