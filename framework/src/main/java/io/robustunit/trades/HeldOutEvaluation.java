package io.robustunit.trades;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Clean and robust accuracy on the held-out split at one point of training. A sample counts as
 * robust if the model classifies both it and the attack's adversarial example correctly.
 *
 * @param globalStep steps done when it was measured
 * @param epochsDone epochs done, fractional within an epoch
 * @param samples held-out samples
 * @param cleanCorrect samples classified correctly
 * @param robustCorrect samples classified correctly with and without the attack
 * @param attack the attack's description
 * @param best whether this is the best robust accuracy so far (the model was saved)
 */
@API(status = STABLE, since = "0.1")
public record HeldOutEvaluation(
        long globalStep,
        double epochsDone,
        int samples,
        int cleanCorrect,
        int robustCorrect,
        String attack,
        boolean best) {

    public double cleanAccuracy() {
        return samples == 0 ? 0 : (double) cleanCorrect / samples;
    }

    public double robustAccuracy() {
        return samples == 0 ? 0 : (double) robustCorrect / samples;
    }

    /** For example {@code step 200: robust 412/1000 (41.2%), clean 801/1000 (80.1%) under PGD(...)}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "step %d (epoch %.2f): robust %d/%d (%.1f%%), clean %d/%d (%.1f%%) under %s%s",
                globalStep,
                epochsDone,
                robustCorrect,
                samples,
                100 * robustAccuracy(),
                cleanCorrect,
                samples,
                100 * cleanAccuracy(),
                attack,
                best ? " [best]" : "");
    }
}
