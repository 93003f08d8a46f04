package io.robustunit.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.robustunit.junit5.samples.ParallelSample;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs the same robustness tests sequentially and with JUnit's parallel execution: every
 * evaluation (gradient attacks sharing DJL's process-wide gradient recording, and randomised ones)
 * must give the same per-sample outcomes.
 */
class ParallelExecutionTest {

    @Test
    void parallelExecutionGivesTheSameReportsAsSequentialExecution() {
        Map<String, String> sequential = outcomes(run(false));
        ParallelSample.THREADS.clear();
        Map<String, String> parallel = outcomes(run(true));

        assertThat(sequential).hasSize(4);
        assertThat(parallel).isEqualTo(sequential);
        assertThat(ParallelSample.THREADS).as("threads the concurrent run used").hasSizeGreaterThan(1);
    }

    private static EngineExecutionResults run(boolean concurrent) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ParallelSample.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", String.valueOf(concurrent))
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .execute();
        results.testEvents().assertStatistics(s -> s.started(5).succeeded(5));
        return results;
    }

    /** Attack description -> per-sample outcomes, from the published report entries. */
    private static Map<String, String> outcomes(EngineExecutionResults results) {
        Map<String, String> byAttack = new TreeMap<>();
        results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class))
                .forEach(entry -> entry.getKeyValuePairs().forEach((attack, outcomes) -> {
                    String previous = byAttack.put(attack, outcomes);
                    assertThat(previous == null || previous.equals(outcomes))
                            .as("two tests of one run disagree on %s", attack)
                            .isTrue();
                }));
        return byAttack;
    }
}
