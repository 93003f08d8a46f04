package io.robustunit.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/** A new Maven process with this session's local repository, settings and offline switch. */
final class MavenRun {

    private final List<String> common = new ArrayList<>();
    private final Log log;

    private MavenRun(Log log) {
        this.log = log;
    }

    static MavenRun of(MavenSession session, Log log) {
        MavenRun run = new MavenRun(log);
        run.common.add("-B");
        if (session.isOffline()) {
            run.common.add("-o");
        }
        File settings = session.getRequest().getUserSettingsFile();
        if (settings != null && settings.isFile()) {
            run.common.add("-s");
            run.common.add(settings.getAbsolutePath());
        }
        if (session.getRequest().getLocalRepositoryPath() != null) {
            run.common.add("-Dmaven.repo.local="
                    + session.getRequest().getLocalRepositoryPath().getAbsolutePath());
        }
        return run;
    }

    int run(File directory, List<String> goals) throws MojoExecutionException {
        List<String> command = new ArrayList<>();
        command.add(mvn());
        command.addAll(common);
        command.addAll(goals);
        log.info("Running " + String.join(" ", command));
        try {
            Process p =
                    new ProcessBuilder(command).directory(directory).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot start Maven (" + command.get(0) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted", e);
        }
    }

    private static String mvn() {
        String home = System.getProperty("maven.home");
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        if (home != null) {
            Path bin = Path.of(home, "bin", windows ? "mvn.cmd" : "mvn");
            if (Files.isRegularFile(bin)) {
                return bin.toString();
            }
        }
        return windows ? "mvn.cmd" : "mvn";
    }
}
