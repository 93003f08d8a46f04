package io.robustunit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a {@code main} method of the test classpath in a fresh JVM (tests of crashes, restarts). */
public final class ChildJvm {

    private ChildJvm() {}

    /** {@code java -cp <this JVM's class path> main args...}, stderr merged into stdout. */
    public static ProcessBuilder builder(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** Runs {@code builder} to completion and returns its output; fails if it exits with non-zero. */
    public static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES))
                .as("child JVM finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("exit code of %s; output:%n%s", builder.command(), output)
                .isZero();
        return output;
    }
}
