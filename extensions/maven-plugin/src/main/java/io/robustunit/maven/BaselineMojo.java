package io.robustunit.maven;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apiguardian.api.API;

/**
 * Re-records the ratcheting baselines ({@code isNotWorseThanBaseline}) from the current model: runs
 * the project's tests with {@code -Drobustunit.baseline.update=true} (in a new Maven, so surefire
 * and its forked test JVM run as in {@code mvn test}). Review the changed files under
 * {@code src/test/resources/robustness-baselines} and commit them.
 */
@Mojo(name = "baseline", threadSafe = true)
@API(status = INTERNAL, since = "0.1")
public class BaselineMojo extends AbstractMojo {

    /** Only these tests (surefire's {@code -Dtest} syntax). */
    @Parameter(property = "test")
    String test;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        List<String> goals = new ArrayList<>(List.of("test", "-Drobustunit.baseline.update=true"));
        if (test != null && !test.isBlank()) {
            goals.add("-Dtest=" + test);
        }
        int status = MavenRun.of(session, getLog()).run(project.getBasedir(), goals);
        if (status != 0) {
            throw new MojoFailureException("recording the baselines failed (mvn test exit status " + status
                    + ", output above); no baseline is written by a failing gate");
        }
        getLog().info("Baselines re-recorded under "
                + new File(project.getBasedir(), "src/test/resources/robustness-baselines")
                + ": review the diff and commit it.");
    }
}
