package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * Where a running certification stands, passed to a {@link CertificationListener}.
 *
 * @param samplesDone samples whose certificate is complete
 * @param totalSamples samples to certify
 * @param drawsDone noisy forward passes so far
 * @param totalDraws noisy forward passes in all ({@code (n0 + n)} per sample)
 * @param certifiedSoFar completed samples certified and correct at radius 0
 * @param abstainedSoFar completed samples on which CERTIFY abstained
 * @param elapsed time since the start
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CertificationProgress(
        int samplesDone,
        int totalSamples,
        long drawsDone,
        long totalDraws,
        int certifiedSoFar,
        int abstainedSoFar,
        Duration elapsed) {

    /** {@code drawsDone / totalDraws} (1 when there is nothing to do). */
    public double fraction() {
        return totalDraws == 0 ? 1.0 : (double) drawsDone / totalDraws;
    }

    /** Noisy forward passes per second so far. */
    public double drawsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : drawsDone / s;
    }
}
