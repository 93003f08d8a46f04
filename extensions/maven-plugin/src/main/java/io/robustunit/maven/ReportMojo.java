package io.robustunit.maven;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * Renders the Allure HTML report of the last {@code mvn verify} offline: the Allure command line
 * (a dependency of this plugin, so nothing is downloaded) turns {@code target/allure-results} into
 * {@code target/allure-report}. Look at it with {@code allure open} or any static web server (the
 * report loads its data with fetch; {@code file://} does not work).
 */
@Mojo(name = "report", threadSafe = true)
@API(status = INTERNAL, since = "0.1")
public class ReportMojo extends AbstractMojo {

    @Parameter(property = "robustunit.allure.results", defaultValue = "${project.build.directory}/allure-results")
    File results;

    @Parameter(property = "robustunit.allure.report", defaultValue = "${project.build.directory}/allure-report")
    File report;

    @Parameter(defaultValue = "${project.build.directory}/allure-commandline", readonly = true)
    File home;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    PluginDescriptor plugin;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (!results.isDirectory() || results.list().length == 0) {
            throw new MojoFailureException("no test results in " + results + ": run mvn verify first (allure-junit5"
                    + " on the test class path and allure.results.directory=target/allure-results in"
                    + " src/test/resources/allure.properties, as robustunit:init writes them)");
        }
        Artifact zip = plugin.getArtifacts().stream()
                .filter(a -> "allure-commandline".equals(a.getArtifactId()) && "zip".equals(a.getType()))
                .findFirst()
                .orElseThrow(() -> new MojoExecutionException("the plugin's allure-commandline zip is missing"));
        try {
            Path allure = unpack(zip, home.toPath());
            List<String> command = List.of(
                    "bash",
                    allure.toString(),
                    "generate",
                    results.getAbsolutePath(),
                    "-o",
                    report.getAbsolutePath(),
                    "--clean");
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            int status = pb.start().waitFor();
            Path index = report.toPath().resolve("index.html");
            if (status != 0 || !Files.isRegularFile(index)) {
                throw new MojoFailureException("allure generate failed (exit status " + status + "); no " + index);
            }
            getLog().info("Allure report: " + index + " (open it with " + allure + " open " + report + ")");
        } catch (IOException e) {
            throw new MojoExecutionException("cannot render the report: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted", e);
        }
    }

    /** Unpacks the zip once into {@code home}; returns {@code bin/allure}. */
    private static Path unpack(Artifact zip, Path home) throws IOException {
        Optional<Path> existing = find(home);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path tmp = Files.createDirectories(home.resolveSibling(home.getFileName() + ".tmp"));
        try (InputStream in = Files.newInputStream(zip.getFile().toPath());
                ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path target = tmp.resolve(e.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("zip entry outside the target folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (Files.exists(home)) {
            deleteTree(home);
        }
        Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
        return find(home).orElseThrow(() -> new IOException("no bin/allure in " + zip.getFile()));
    }

    private static Optional<Path> find(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            return Optional.empty();
        }
        try (var dirs = Files.list(home)) {
            return dirs.map(d -> d.resolve("bin/allure"))
                    .filter(Files::isRegularFile)
                    .findFirst();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
