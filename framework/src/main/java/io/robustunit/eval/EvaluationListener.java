package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Observes a running evaluation, e.g. to draw a progress bar. Called from the evaluating thread(s)
 * one event at a time (never concurrently). Listeners cannot influence the report; a listener
 * that throws is logged once and not called again during that evaluation.
 *
 * <pre>{@code
 * RobustnessEvaluator.builder()
 *         .listener(p -> System.err.printf("%d/%d robust %d%n", p.samplesDone(), p.totalSamples(), p.robustSoFar()))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
@API(status = STABLE, since = "0.1")
public interface EvaluationListener {

    /** Before the first batch, with zero samples done. */
    default void started(EvaluationProgress progress) {}

    /** After each batch. */
    void progressed(EvaluationProgress progress);

    /** After the last batch, with the finished report. */
    default void finished(RobustnessReport report) {}
}
