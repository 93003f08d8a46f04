package io.robustunit.trades;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Progress after one optimisation step.
 *
 * @param epoch 1-based epoch
 * @param epochs epochs in the run
 * @param batch 1-based batch within the epoch
 * @param batchesPerEpoch batches per epoch
 * @param globalStep steps done since the start of training (across resumes)
 * @param naturalLoss TRADES: {@code CE(f(x), y)}; Madry: NaN (not computed)
 * @param robustLoss TRADES: the KL term before multiplying by beta; Madry: {@code CE(f(x'), y)}
 * @param loss the minimised loss
 * @param learningRate the rate used for this step
 * @param elapsed wall time since this run (or resume) started
 * @param eta estimated wall time for the remaining steps, evaluations excluded
 */
@API(status = STABLE, since = "0.1")
public record TrainingStep(
        int epoch,
        int epochs,
        int batch,
        int batchesPerEpoch,
        long globalStep,
        double naturalLoss,
        double robustLoss,
        double loss,
        double learningRate,
        Duration elapsed,
        Duration eta) {

    /** For example {@code epoch 1/3 batch 20/47: natural 0.412 robust 0.233 loss 1.810 lr 0.01 (12s, ETA 1m31s)}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "epoch %d/%d batch %d/%d: natural %.4f robust %.4f loss %.4f lr %s (%s, ETA %s)",
                epoch,
                epochs,
                batch,
                batchesPerEpoch,
                naturalLoss,
                robustLoss,
                loss,
                learningRate,
                format(elapsed),
                format(eta));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
