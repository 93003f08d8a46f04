package io.robustunit.maven;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * Runs a RobustUnit main class in a new JVM: a JNI library (libtorch) loads into one class loader
 * per JVM, and Maven's plugin class loaders are not the place for it. The class path is the
 * plugin's own (the framework, DJL, the PyTorch natives), the Java the one running Maven.
 */
final class ForkedJvm {

    private final List<Path> classPath;
    private final List<String> jvmOptions = new ArrayList<>();

    ForkedJvm(Collection<Artifact> pluginArtifacts) {
        this.classPath = pluginArtifacts.stream()
                .filter(a -> "jar".equals(a.getType()) && a.getFile() != null)
                .map(a -> a.getFile().toPath())
                .toList();
        jvmOptions.add("-Dslf4j.internal.verbosity=ERROR");
        jvmOptions.add("-Drobustunit.stderr.tty=false");
        jvmOptions.add("-Djava.awt.headless=true");
    }

    ForkedJvm option(String jvmOption) {
        jvmOptions.add(jvmOption);
        return this;
    }

    /**
     * Runs {@code mainClass} with {@code args} in {@code directory}; every output line goes to
     * {@code lines} as it comes.
     *
     * @return the exit status
     */
    int run(String mainClass, List<String> args, Path directory, Consumer<String> lines) throws MojoExecutionException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        try {
            Process process = pb.start();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.accept(line);
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while " + mainClass + " ran", e);
        }
    }

    /** Runs RobustUnit's command line ({@code robustunit COMMAND ...}). */
    int cli(List<String> args, Path directory, Consumer<String> lines) throws MojoExecutionException {
        return run("io.robustunit.cli.RobustUnitCli", args, directory, lines);
    }
}
