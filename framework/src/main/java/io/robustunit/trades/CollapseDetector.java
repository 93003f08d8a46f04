package io.robustunit.trades;

import java.util.Locale;
import java.util.Optional;

/**
 * Notices when TRADES training has collapsed to chance: the model gives every image the same
 * prediction, so the natural loss sits at ln(classes) and the robustness term (a KL divergence
 * between predictions) at 0, or held-out clean accuracy is near 1/classes. Says so once per
 * collapse, with the steps and what to change.
 */
final class CollapseDetector {

    /** Consecutive steps at chance before a collapse is reported. */
    static final int STEPS = 20;

    private final int classes;
    private final double chanceLoss;
    private final String settings;
    private long firstStepAtChance = -1;
    private int stepsAtChance;
    private boolean reported;

    CollapseDetector(int classes, String settings) {
        this.classes = classes;
        this.chanceLoss = Math.log(classes);
        this.settings = settings;
    }

    /** After step {@code step} (1-based); a warning when the collapse has lasted {@link #STEPS} steps. */
    Optional<String> onStep(long step, double naturalLoss, double robustLoss) {
        boolean atChance = Double.isFinite(naturalLoss)
                && classes > 1
                && Math.abs(naturalLoss - chanceLoss) < 0.02 * chanceLoss
                && robustLoss < 0.01;
        if (!atChance) {
            stepsAtChance = 0;
            reported = false;
            return Optional.empty();
        }
        if (stepsAtChance++ == 0) {
            firstStepAtChance = step;
        }
        if (stepsAtChance < STEPS || reported) {
            return Optional.empty();
        }
        reported = true;
        return Optional.of(String.format(
                Locale.ROOT,
                "TRADES collapse: steps %d-%d sat at chance (natural loss %.3f = ln %d, robust term %.4f): the model"
                        + " gives every image the same prediction. Lower the learning rate (--lr), ramp in longer"
                        + " (--warmup-steps) or lower beta (--beta); the best held-out checkpoint is kept. Settings: %s",
                firstStepAtChance,
                step,
                naturalLoss,
                classes,
                robustLoss,
                settings));
    }

    /** After a held-out evaluation at step {@code step}; a warning if clean accuracy is near 1/classes. */
    Optional<String> onEvaluation(long step, int cleanCorrect, int samples) {
        if (samples < 50 || classes < 2) {
            return Optional.empty();
        }
        double clean = cleanCorrect / (double) samples;
        if (clean > 1.5 / classes) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "TRADES collapse: held-out clean accuracy %.3f (%d/%d) at step %d is at chance (1/%d). Lower the"
                        + " learning rate (--lr), ramp in longer (--warmup-steps) or lower beta (--beta). Settings: %s",
                clean,
                cleanCorrect,
                samples,
                step,
                classes,
                settings));
    }
}
