package io.robustunit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine must not know its adapters. The enforcer rule in framework/pom.xml keeps JUnit, AssertJ
 * and Allure off the compile and runtime classpath; this test keeps them out of the sources and
 * checks the classpath the engine's classes were loaded with.
 */
class FrameworkIndependenceTest {

    private static final List<String> FORBIDDEN = List.of("org.junit", "org.assertj", "io.qameta.allure");

    @Test
    void frameworkSourcesImportNoTestOrReportingLibrary() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream()
                            .filter(l -> FORBIDDEN.stream().anyMatch(pkg -> l.contains(pkg)))
                            .map(l -> f + ": " + l.trim()))
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    @Test
    void enforcerRuleBansThemOutsideTestScope() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<bannedDependencies>");
        for (String group : List.of("org.junit*", "org.assertj", "io.qameta.allure")) {
            assertThat(pom).contains("<exclude>" + group + ":*:*:*:compile</exclude>");
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
