package io.robustunit.trades;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.attack.Attack;
import io.robustunit.data.LabeledImages;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Every setting of a {@link TradesTrainer}, validated: what one training step does (objective,
 * threat model, beta, inner maximisation, batch, optimizer, schedule, seed), how long it runs, which
 * model it keeps ({@link Selection}) and where it checkpoints ({@link Checkpoints}). Usually built
 * by {@link TradesTrainer#builder()}; {@link TradesTrainer#of} trains with a config built directly.
 *
 * @param threatModel the ball to be robust in, the same object the robustness gate uses
 * @param objective what the outer step minimises
 * @param beta TRADES only: weight of the robustness (KL) term, {@code >= 0}
 * @param warmupSteps steps over which learning rate and beta ramp in linearly (0: no ramp)
 * @param innerSteps ascent steps of the inner maximisation, {@code >= 1}
 * @param innerStepSize size of one inner step, {@code > 0}; NaN for {@code epsilon / 4}
 * @param initialNoise TRADES: standard deviation of the start noise; Gaussian noise augmentation:
 *     its sigma
 * @param epochs passes over the training set, {@code >= 1}
 * @param batchSize images per step, {@code >= 1}
 * @param optimizer the parameter update
 * @param schedule the learning rate per step
 * @param seed base seed of every random choice
 * @param listener progress, evaluations, checkpoints and collapse warnings
 * @param selection which model the output file keeps
 * @param checkpoints where and how often resumable checkpoints are written
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TradesConfig(
        ThreatModel threatModel,
        TrainingObjective objective,
        double beta,
        int warmupSteps,
        int innerSteps,
        double innerStepSize,
        double initialNoise,
        int epochs,
        int batchSize,
        OptimizerConfig optimizer,
        LearningRateSchedule schedule,
        long seed,
        TrainingListener listener,
        Selection selection,
        Checkpoints checkpoints) {

    /**
     * Validates the settings and fills in the derived defaults (inner step {@code epsilon / 4}, the
     * {@linkplain TradesTrainer#defaultHeldOutAttack default held-out attack}).
     *
     * @throws IllegalArgumentException naming the first invalid setting and its valid range
     */
    public TradesConfig {
        if (threatModel == null) {
            throw new IllegalArgumentException(
                    "threatModel is required: pass the ThreatModel your robustness gate checks,"
                            + " e.g. ThreatModel.linf(0.1)");
        }
        if (!(threatModel.epsilon() > 0)) {
            throw new IllegalArgumentException("threat model " + threatModel
                    + " has epsilon 0: there is no perturbation to train" + " against; use epsilon > 0");
        }
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(checkpoints, "checkpoints");
        require(beta >= 0 && Double.isFinite(beta), "beta must be a finite number >= 0, was " + beta);
        require(warmupSteps >= 0, "warm-up steps must be >= 0, was " + warmupSteps);
        require(innerSteps >= 1, "innerSteps must be >= 1, was " + innerSteps);
        require(
                Double.isNaN(innerStepSize) || (innerStepSize > 0 && Double.isFinite(innerStepSize)),
                "innerStepSize must be a finite number > 0, was " + innerStepSize);
        require(
                initialNoise >= 0 && Double.isFinite(initialNoise),
                "initialNoise must be a finite number >= 0, was " + initialNoise);
        require(
                objective != TrainingObjective.GAUSSIAN_NOISE || initialNoise >= 0.01,
                "Gaussian noise augmentation with sigma " + initialNoise + " hardly changes the images;"
                        + " set the sigma you will certify with: gaussianNoise(0.25)");
        require(epochs >= 1, "epochs must be >= 1, was " + epochs);
        require(batchSize >= 1, "batchSize must be >= 1, was " + batchSize);
        if (Double.isNaN(innerStepSize)) {
            innerStepSize = threatModel.epsilon() / 4;
        }
        if (selection.heldOut() != null && selection.heldOutAttack() == null) {
            selection = new Selection(
                    selection.output(),
                    selection.heldOut(),
                    TradesTrainer.defaultHeldOutAttack(threatModel, seed),
                    selection.evaluateEvery());
        }
    }

    /**
     * Which model the output file keeps: with a held-out set, the model with the best robust
     * accuracy on it, evaluated at the end of each epoch (and every {@code evaluateEvery} steps);
     * without one, the final model.
     *
     * @param output where to write the trained model, in the format it was loaded from; null writes
     *     none
     * @param heldOut images held out from training, or null
     * @param heldOutAttack the attack for held-out evaluation; null for
     *     {@link TradesTrainer#defaultHeldOutAttack}
     * @param evaluateEvery also evaluate every this many steps (0: only at the end of each epoch)
     */
    public record Selection(Path output, LabeledImages heldOut, Attack heldOutAttack, int evaluateEvery) {

        /** @throws IllegalArgumentException naming the invalid setting */
        public Selection {
            require(
                    evaluateEvery >= 0,
                    "evaluateEvery must be >= 0 steps (0: end of each epoch only), was " + evaluateEvery);
            require(
                    heldOut != null || (heldOutAttack == null && evaluateEvery == 0),
                    "heldOutAttack and evaluateEvery need a held-out set: call heldOut(images)");
        }

        /** The final model, written to {@code output} (null: written nowhere). */
        public static Selection finalModel(Path output) {
            return new Selection(output, null, null, 0);
        }
    }

    /**
     * Resumable checkpoints ({@link TrainingCheckpoint}) in {@code directory}, written at the end of
     * each epoch and every {@code every} steps (0: at the end of each epoch only).
     *
     * @param directory the checkpoint folder, or null for no checkpoints
     */
    public record Checkpoints(Path directory, int every) {

        /** @throws IllegalArgumentException naming the invalid setting */
        public Checkpoints {
            require(every >= 0, "checkpointEvery must be >= 0 steps (0: end of each epoch only), was " + every);
            require(
                    directory != null || every == 0,
                    "checkpointEvery needs a checkpoint folder: call checkpointDirectory(dir)");
        }

        /** No checkpoints. */
        public static Checkpoints none() {
            return new Checkpoints(null, 0);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
