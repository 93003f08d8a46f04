package io.robustunit.trades;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.PrintStream;
import org.apiguardian.api.API;

/**
 * Receives training progress. Called on the training thread; keep it quick.
 *
 * <pre>{@code
 * TradesTrainer.builder().listener(TrainingListener.printingTo(System.out, 10))...
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public interface TrainingListener {

    /** After every optimisation step. */
    default void onStep(TrainingStep step) {}

    /** After every held-out evaluation. */
    default void onEvaluation(HeldOutEvaluation evaluation) {}

    /** After a checkpoint has been written. */
    default void onCheckpoint(TrainingCheckpoint checkpoint) {}

    /**
     * When training has collapsed to chance: the model predicts one distribution for every image
     * (natural loss at ln(classes), robust term near 0), or held-out clean accuracy is near
     * 1/classes. Once per collapse.
     */
    default void onCollapse(String warning) {}

    /** Ignores everything. */
    static TrainingListener none() {
        return new TrainingListener() {};
    }

    /**
     * Prints every {@code everySteps}-th step (and the last of each epoch), every evaluation and
     * every checkpoint.
     */
    static TrainingListener printingTo(PrintStream out, int everySteps) {
        if (everySteps < 1) {
            throw new IllegalArgumentException("everySteps must be >= 1, was " + everySteps);
        }
        return new TrainingListener() {
            @Override
            public void onStep(TrainingStep step) {
                if (step.globalStep() % everySteps == 0 || step.batch() == step.batchesPerEpoch()) {
                    out.println(step);
                }
            }

            @Override
            public void onEvaluation(HeldOutEvaluation evaluation) {
                out.println("held-out " + evaluation);
            }

            @Override
            public void onCollapse(String warning) {
                out.println(warning);
            }

            @Override
            public void onCheckpoint(TrainingCheckpoint checkpoint) {
                out.println("checkpoint " + checkpoint.directory() + " at step " + checkpoint.globalStep());
            }
        };
    }
}
