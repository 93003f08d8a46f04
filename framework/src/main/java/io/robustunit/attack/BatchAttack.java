package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.model.Classifier;
import io.robustunit.model.ModelContractException;
import io.robustunit.random.Seeds;
import io.robustunit.threat.ThreatModel;

/**
 * The part every single (non-ensemble) attack shares: input validation, a scoped copy of the batch,
 * strongest-iterate bookkeeping, seeded per-sample randomness, and errors that name the batch.
 */
abstract class BatchAttack implements Attack {

    private final ThreatModel threatModel;
    private final long seed;

    BatchAttack(ThreatModel threatModel, long seed) {
        this.threatModel = threatModel;
        this.seed = seed;
    }

    @Override
    public final ThreatModel threatModel() {
        return threatModel;
    }

    @Override
    public final long seed() {
        return seed;
    }

    @Override
    public final AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
        int[] y = AttackInputs.labels(this, model, inputs, labels);
        DatasetIndices.check(this, y.length, datasetIndices);
        NDManager caller = inputs.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray original = inputs.duplicate();
            original.attach(scope);
            StrongestIterates iterates =
                    new StrongestIterates(scope, original, y, model.contract().numClasses());
            if (y.length > 0) {
                run(new AttackRun(model, threatModel, original, iterates, Seeds.randoms(seed, datasetIndices), scope));
            }
            return iterates.result(caller, toString());
        } catch (ModelContractException e) {
            ModelContractException named = new ModelContractException(this + " failed on the batch of dataset indices "
                    + DatasetIndices.describe(datasetIndices) + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /** Attacks the batch, offering every visited point to {@code run.iterates()}. */
    abstract void run(AttackRun run);
}
