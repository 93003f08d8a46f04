package io.robustunit.trades;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a training run did.
 *
 * @param globalSteps steps done since the start of training (across resumes)
 * @param stepsThisRun steps done by this call
 * @param evaluations held-out evaluations of this call, in order
 * @param bestRobustAccuracy best held-out robust accuracy across resumes, NaN without a held-out split
 * @param output the file the model was written to, if an output was configured
 * @param wallTime duration of this call
 */
@API(status = STABLE, since = "0.1")
public record TrainingResult(
        long globalSteps,
        long stepsThisRun,
        List<HeldOutEvaluation> evaluations,
        double bestRobustAccuracy,
        Optional<Path> output,
        Duration wallTime) {

    public TrainingResult {
        evaluations = List.copyOf(evaluations);
    }

    /** The last held-out evaluation of this call. */
    public Optional<HeldOutEvaluation> lastEvaluation() {
        return evaluations.isEmpty() ? Optional.empty() : Optional.of(evaluations.get(evaluations.size() - 1));
    }
}
