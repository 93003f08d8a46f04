package io.robustunit.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.eval.RobustnessReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_PROPERTIES)
class MarkdownSummaryListenerTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreProperties() {
        System.clearProperty(MarkdownSummaryListener.ENABLED_PROPERTY);
        System.clearProperty(MarkdownSummaryListener.DIRECTORY_PROPERTY);
    }

    @Test
    void worksWithoutAllureOnTheClasspath() {
        assertThatThrownBy(() -> Class.forName("io.qameta.allure.Allure")).isInstanceOf(ClassNotFoundException.class);

        new MarkdownSummaryListener(dir).gateEvaluated(GateFixtures.failed());

        assertThat(dir.resolve("robustness-summary.md")).exists();
    }

    @Test
    void eachGateIsATableRowWithItsJsonBesideIt() throws Exception {
        MarkdownSummaryListener listener = new MarkdownSummaryListener(dir);
        GateOutcome failed = GateFixtures.failed().withTestName("FashionGates.pgd");
        GateOutcome passed = GateFixtures.robustAccuracy(GateFixtures.report(0.1, 8, 10), 0.5)
                .status(GateStatus.PASS)
                .testName("FashionGates.small")
                .build();

        listener.gateEvaluated(failed);
        listener.gateEvaluated(passed);

        String ci = failed.confidenceInterval().orElseThrow().toString();
        assertThat(Files.readString(dir.resolve("robustness-summary.md"))).isEqualTo("""
                # Robustness gates

                2 gates: 1 passed, 1 failed, 0 invalid.

                | # | Result | Test | Model | Attack | Gate | Measured | Threshold | Confidence interval | Report |
                |---|---|---|---|---|---|---|---|---|---|
                | 1 | ❌ fail | FashionGates.pgd | fashion.pt (sha256 1a2b3c4d5e6f…) | %s | robust accuracy >= 0.700 | 0.631 (631/1000) | >= 0.700 | %s | [json](robustness-reports/001-FashionGates.pgd-robust-accuracy-0.700.json) |
                | 2 | ✅ pass | FashionGates.small | fashion.pt (sha256 1a2b3c4d5e6f…) | %s | robust accuracy >= 0.500 | 0.800 (8/10) | >= 0.500 | %s | [json](robustness-reports/002-FashionGates.small-robust-accuracy-0.500.json) |

                ## Failed and invalid gates

                ### 1. FAIL: FashionGates.pgd, robust accuracy >= 0.700

                ```
                expected robust accuracy >= 0.700 but was 0.631 (631/1000)
                ```
                """.formatted(
                        GateFixtures.PGD,
                        ci,
                        GateFixtures.PGD,
                        passed.confidenceInterval().orElseThrow()));
        Path json = dir.resolve("robustness-reports/001-FashionGates.pgd-robust-accuracy-0.700.json");
        assertThat(Files.readString(json)).isEqualTo(failed.toJson());
        assertThat(dir.resolve("robustness-reports/002-FashionGates.small-robust-accuracy-0.500.json"))
                .hasContent(passed.toJson());
    }

    @Test
    void anInvalidGateWithoutReportStillGetsARow() throws Exception {
        GateOutcome invalid = GateOutcome.builder()
                .description("robust accuracy >= 0.700")
                .metric("robust accuracy")
                .threshold(0.7)
                .status(GateStatus.INVALID)
                .modelName("m.pt")
                .attackDescription("PGD | eps 0.1")
                .message("2 adversarial examples lie outside the Linf ball\nsample 3: 0.12 > 0.1")
                .build();

        new MarkdownSummaryListener(dir).gateEvaluated(invalid);

        String md = Files.readString(dir.resolve("robustness-summary.md"));
        assertThat(md)
                .contains("1 gate: 0 passed, 0 failed, 1 invalid.")
                .contains("| 1 | ⚠️ invalid |  | m.pt | PGD \\| eps 0.1 | robust accuracy >= 0.700 | n/a"
                        + " | >= 0.700 |  | [json](robustness-reports/001-robust-accuracy-0.700.json) |")
                .contains("### 1. INVALID: robust accuracy >= 0.700\n\n```\n2 adversarial examples"
                        + " lie outside the Linf ball\nsample 3: 0.12 > 0.1\n```\n");
    }

    @Test
    void theFirstGateOfARunReplacesThePreviousRunsFiles() throws Exception {
        new MarkdownSummaryListener(dir).gateEvaluated(GateFixtures.failed().withTestName("old"));
        new MarkdownSummaryListener(dir).gateEvaluated(GateFixtures.failed().withTestName("old"));
        Path foreign = Files.writeString(dir.resolve("robustness-reports/notes.json"), "{}");

        new MarkdownSummaryListener(dir).gateEvaluated(GateFixtures.failed().withTestName("new"));

        try (Stream<Path> files = Files.list(dir.resolve("robustness-reports"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("001-new-robust-accuracy-0.700.json", "notes.json");
        }
        assertThat(foreign).exists();
        assertThat(Files.readString(dir.resolve("robustness-summary.md")))
                .contains("1 gate: 0 passed, 1 failed")
                .doesNotContain("| old |");
    }

    @Test
    void switchedOffByTheSystemProperty() {
        System.setProperty(MarkdownSummaryListener.ENABLED_PROPERTY, "false");

        new MarkdownSummaryListener(dir).gateEvaluated(GateFixtures.failed());

        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void theDefaultListenerWritesWhereTheDirectoryPropertySays() {
        System.setProperty(
                MarkdownSummaryListener.DIRECTORY_PROPERTY, dir.resolve("ci").toString());

        new MarkdownSummaryListener().gateEvaluated(GateFixtures.failed());

        assertThat(dir.resolve("ci/robustness-summary.md")).exists();
        assertThat(dir.resolve("ci/robustness-reports")).isNotEmptyDirectory();
    }

    @Test
    void gatesPublishedFromManyThreadsAllGetARowAndAFile() throws Exception {
        MarkdownSummaryListener listener = new MarkdownSummaryListener(dir);
        RobustnessReport report = GateFixtures.report(0.1, 7, 10);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int g = 0; g < 10; g++) {
                    listener.gateEvaluated(GateFixtures.robustAccuracy(report, 0.5)
                            .status(GateStatus.PASS)
                            .testName("t" + thread + "g" + g)
                            .build());
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        String md = Files.readString(dir.resolve("robustness-summary.md"));
        assertThat(md).contains("80 gates: 80 passed, 0 failed, 0 invalid.");
        for (int t = 0; t < 8; t++) {
            for (int g = 0; g < 10; g++) {
                assertThat(md).containsOnlyOnce("| t" + t + "g" + g + " |");
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve("robustness-reports"))) {
            assertThat(files.map(f -> f.getFileName().toString().substring(0, 3))
                            .distinct())
                    .hasSize(80);
        }
    }

    @Test
    void fileNamesKeepOnlySafeCharacters() {
        GateOutcome outcome = GateFixtures.failed().withTestName("Fashion gates > PGD [1] ε=0.1/x");

        assertThat(MarkdownSummaryListener.slug(outcome)).isEqualTo("Fashion-gates-PGD-1-0.1-x-robust-accuracy-0.700");
    }
}
