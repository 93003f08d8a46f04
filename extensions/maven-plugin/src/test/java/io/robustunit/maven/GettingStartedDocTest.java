package io.robustunit.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** docs/getting-started.md shows exactly the commands the getting-started IT runs, in its order. */
class GettingStartedDocTest {

    static final Path DOC = Path.of(System.getProperty("robustunit.docs", "../../docs"), "getting-started.md");
    static final Path IT = Path.of(System.getProperty("robustunit.its", "src/it"), "getting-started");

    @Test
    void thePageShowsTheInvokerTestsCommandsInOrder() throws Exception {
        Properties invoker = new Properties();
        try (Reader r = Files.newBufferedReader(IT.resolve("invoker.properties"))) {
            invoker.load(r);
        }
        List<String> goals = new ArrayList<>();
        for (int i = 1; invoker.getProperty("invoker.goals." + i) != null; i++) {
            goals.add("mvn "
                    + invoker.getProperty("invoker.goals." + i)
                            .replace(
                                    "${project.groupId}:${project.artifactId}:${project.version}",
                                    System.getProperty("robustunit.plugin"))
                            .replace("${robustunit.it.junit6}", System.getProperty("robustunit.it.junit6")));
        }
        List<String> shown = Files.readAllLines(DOC).stream()
                .filter(l -> l.startsWith("mvn "))
                .toList();

        assertThat(goals).hasSizeGreaterThanOrEqualTo(4);
        assertThat(shown).as("the mvn command lines of %s", DOC).containsSubsequence(goals);
    }

    @Test
    void theIntegrationTestStartsFromAModelAndItsDataOnly() throws Exception {
        try (var files = Files.list(IT)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("invoker.properties", "tiny-mlp.pt", "data");
        }
    }
}
