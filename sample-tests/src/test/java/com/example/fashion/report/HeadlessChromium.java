package com.example.fashion.report;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium run headless, offline and with a fresh profile, to see a page as a browser
 * renders it: {@link #dumpDom} prints the DOM after the page's scripts ran.
 */
final class HeadlessChromium implements AutoCloseable {

    /** System property naming the Chromium binary (default: {@code chromium} on the PATH). */
    static final String BINARY_PROPERTY = "robustunit.chromium";

    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path profile;
    private final Path log;

    private HeadlessChromium(Path binary, Path log) throws IOException {
        this.binary = binary;
        this.profile = Files.createTempDirectory("robustunit-chromium-");
        this.log = log;
    }

    /**
     * Finds Chromium.
     *
     * @param log file that receives Chromium's own output
     * @throws IllegalStateException saying how to install it if it is missing
     */
    static HeadlessChromium locate(Path log) throws IOException {
        String configured = System.getProperty(BINARY_PROPERTY);
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                candidates.add(Path.of(dir, "chromium"));
                candidates.add(Path.of(dir, "chromium-browser"));
            }
            candidates.add(Path.of("/usr/bin/chromium"));
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return new HeadlessChromium(candidate, log);
            }
        }
        throw new IllegalStateException("Chromium is not installed (looked for "
                + (configured != null ? configured : "chromium on the PATH") + "); the rendered"
                + " Allure report is checked in headless Chromium: apt-get install chromium"
                + " (scripts/setup installs it), or set -D" + BINARY_PROPERTY + "=/path/to/chromium");
    }

    /** The page's DOM after its scripts had {@code budgetMillis} of virtual time. */
    String dumpDom(URI page, int budgetMillis) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=" + budgetMillis,
                "--dump-dom",
                page.toString()));
        Path dom = Files.createTempFile(profile, "dom", ".html");
        Process process = new ProcessBuilder(command)
                .redirectOutput(dom.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish within " + TIMEOUT_SECONDS + " s loading " + page
                    + "; its output is in " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "Chromium exited with " + process.exitValue() + " loading " + page + "; its output is in " + log);
        }
        return Files.readString(dom, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
