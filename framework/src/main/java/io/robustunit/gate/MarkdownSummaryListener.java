package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The CI summary, active by default: after every gate it rewrites {@code target/robustness-summary.md}
 * (a Markdown table, one row per gate: test, model, attack, measured value, threshold, confidence
 * interval, pass/fail/invalid; then the messages of the failed and invalid gates) and writes the
 * gate's {@link GateOutcome#toJson() JSON} under {@code target/robustness-reports/}. Every file is
 * written atomically, so a CI step may read them at any time.
 *
 * <p>The summary covers the gates of one JVM: the first gate of a run replaces the previous run's
 * summary and JSON files. Point JVMs that run concurrently (several Surefire forks, Failsafe) at
 * different directories.
 *
 * <p>System properties: {@value #ENABLED_PROPERTY}{@code =false} turns it off;
 * {@value #DIRECTORY_PROPERTY} sets the directory (default {@code target}, relative to the working
 * directory, which is the module's base directory under Maven).
 *
 * <pre>{@code
 * # in a GitHub Actions step after mvn verify
 * cat target/robustness-summary.md >> "$GITHUB_STEP_SUMMARY"
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class MarkdownSummaryListener implements GateListener {

    /** {@code false} turns the summary off. */
    public static final String ENABLED_PROPERTY = "robustunit.summary";

    /** The directory that receives the summary and the reports (default {@code target}). */
    public static final String DIRECTORY_PROPERTY = "robustunit.summary.dir";

    /** Name of the summary file. */
    public static final String SUMMARY_FILE = "robustness-summary.md";

    /** Name of the directory of per-gate JSON files, beside the summary. */
    public static final String REPORTS_DIRECTORY = "robustness-reports";

    private static final Pattern OWN_REPORT = Pattern.compile("\\d{3,}-.*\\.json");
    private static final int MAX_SLUG = 120;

    private final Path fixedDirectory;
    private final List<MarkdownSummary.Entry> entries = new ArrayList<>();
    private Path runDirectory;

    /** The default listener: directory from {@value #DIRECTORY_PROPERTY}, else {@code target}. */
    public MarkdownSummaryListener() {
        this.fixedDirectory = null;
    }

    /** A listener writing into {@code directory} (still off if {@value #ENABLED_PROPERTY} is false). */
    public MarkdownSummaryListener(Path directory) {
        this.fixedDirectory = Objects.requireNonNull(directory, "directory");
    }

    /** Whether {@value #ENABLED_PROPERTY} leaves the summary on (anything but {@code false}). */
    public static boolean enabled() {
        return !"false"
                .equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true").trim());
    }

    /**
     * Writes the gate's JSON and the updated summary.
     *
     * @throws UncheckedIOException if a file cannot be written (logged by {@link GateListeners})
     */
    @Override
    public void gateEvaluated(GateOutcome outcome) {
        if (!enabled()) {
            return;
        }
        String json = outcome.toJson();
        try {
            synchronized (this) {
                Path dir = directory();
                Path reports = dir.resolve(REPORTS_DIRECTORY);
                int number = entries.size() + 1;
                String fileName = String.format(Locale.ROOT, "%03d-%s.json", number, slug(outcome));
                AtomicFiles.writeString(reports.resolve(fileName), json);
                entries.add(new MarkdownSummary.Entry(outcome, REPORTS_DIRECTORY + "/" + fileName));
                AtomicFiles.writeString(dir.resolve(SUMMARY_FILE), MarkdownSummary.render(entries));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the robustness summary: " + e.getMessage(), e);
        }
    }

    /** The run's directory, chosen and cleared of the previous run's files on the first gate. */
    private Path directory() throws IOException {
        if (runDirectory == null) {
            Path dir =
                    fixedDirectory != null ? fixedDirectory : Path.of(System.getProperty(DIRECTORY_PROPERTY, "target"));
            Files.deleteIfExists(dir.resolve(SUMMARY_FILE));
            Path reports = dir.resolve(REPORTS_DIRECTORY);
            if (Files.isDirectory(reports)) {
                try (DirectoryStream<Path> old = Files.newDirectoryStream(reports)) {
                    for (Path file : old) {
                        if (OWN_REPORT.matcher(file.getFileName().toString()).matches()) {
                            Files.deleteIfExists(file);
                        }
                    }
                }
            }
            runDirectory = dir;
        }
        return runDirectory;
    }

    static String slug(GateOutcome outcome) {
        String text = outcome.testName().map(t -> t + "-").orElse("") + outcome.description();
        String slug = text.replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("^-+|-+$", "");
        slug = slug.length() > MAX_SLUG ? slug.substring(0, MAX_SLUG) : slug;
        return slug.isEmpty() ? "gate" : slug;
    }
}
