package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Progress of a running evaluation, sent to {@link EvaluationListener}s after each batch.
 *
 * @param attackDescription the attack being run ({@code Attack#toString()})
 * @param samplesDone samples evaluated so far
 * @param totalSamples samples in the evaluation
 * @param cleanCorrectSoFar samples classified correctly when clean, so far
 * @param robustSoFar samples that resisted the attack, so far
 * @param elapsed wall time since the evaluation started
 */
@API(status = STABLE, since = "0.1")
public record EvaluationProgress(
        String attackDescription,
        int samplesDone,
        int totalSamples,
        int cleanCorrectSoFar,
        int robustSoFar,
        Duration elapsed) {

    /** {@code samplesDone / totalSamples} (1 for an empty evaluation). */
    public double fraction() {
        return totalSamples == 0 ? 1.0 : (double) samplesDone / totalSamples;
    }

    /** Robust accuracy over the samples done so far; NaN before the first batch. */
    public double robustAccuracySoFar() {
        return samplesDone == 0 ? Double.NaN : (double) robustSoFar / samplesDone;
    }

    /** Linear estimate of the remaining time; empty before the first batch completes. */
    public Optional<Duration> eta() {
        if (samplesDone == 0) {
            return Optional.empty();
        }
        double perSample = (double) elapsed.toNanos() / samplesDone;
        return Optional.of(Duration.ofNanos((long) (perSample * (totalSamples - samplesDone))));
    }

    /** Whether every sample is done. */
    public boolean finished() {
        return samplesDone == totalSamples;
    }
}
