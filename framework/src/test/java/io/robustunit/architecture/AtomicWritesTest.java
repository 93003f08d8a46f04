package io.robustunit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reports, baselines, models and checkpoints reach disk only through {@code io.AtomicFiles}: no
 * main source of the framework or the extensions opens a file for writing any other way.
 */
class AtomicWritesTest {

    private static final Pattern DIRECT_WRITE =
            Pattern.compile("\\bFiles\\.(write|writeString|newOutputStream|newBufferedWriter|newByteChannel|copy)\\("
                    + "|\\bnew (FileOutputStream|FileWriter|RandomAccessFile)\\("
                    + "|\\bStandardOpenOption\\.(WRITE|APPEND)\\b|\\bImageIO\\.write\\([^)]*(File|Path)");

    /** File -> why it may write directly. */
    private static final Map<String, String> ALLOWED = Map.of(
            "io/robustunit/io/AtomicFiles.java",
            "the atomic writer itself",
            "io/robustunit/junit5/ClasspathResources.java",
            "copies classpath resources from a jar into a fresh temporary folder it deletes afterwards",
            "io/robustunit/data/NpyReader.java",
            "opens the .npy file as a read-only channel (no write option)",
            "io/robustunit/maven/InitMojo.java",
            "copies the user's model and data into the project it scaffolds (a failed init is re-run)",
            "io/robustunit/maven/ReportMojo.java",
            "unpacks the bundled Allure distribution under target/");

    @Test
    void noMainSourceWritesAFileExceptThroughAtomicFiles() throws IOException {
        List<Path> roots;
        try (Stream<Path> extensions = Files.list(Path.of("../extensions"))) {
            roots = Stream.concat(
                            Stream.of(Path.of("src/main/java")),
                            extensions
                                    .filter(e -> !e.endsWith("benchmarks")) // scratch inputs of benchmarks, not shipped
                                    .map(e -> e.resolve("src/main/java")))
                    .filter(Files::isDirectory)
                    .toList();
        }
        assertThat(roots).as("framework and extension sources").hasSizeGreaterThan(1);
        List<String> offenders = roots.stream()
                .flatMap(AtomicWritesTest::javaFiles)
                .filter(f ->
                        ALLOWED.keySet().stream().noneMatch(a -> f.toString().endsWith(a)))
                .flatMap(f -> lines(f).stream()
                        .filter(l -> DIRECT_WRITE.matcher(l).find())
                        .map(l -> f + ": " + l.trim()))
                .toList();
        assertThat(offenders).isEmpty();
    }

    private static Stream<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
