package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.engine.NativeArrays;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.ThreatModel;
import java.util.SplittableRandom;

/**
 * What one {@link BatchAttack#perturb} call works with: the model, a scoped copy of the clean batch,
 * the strongest iterates found so far, per-sample random generators and the scope that owns them.
 */
final class AttackRun {

    private final Classifier model;
    private final ThreatModel threatModel;
    private final NDArray original;
    private final StrongestIterates iterates;
    private final SplittableRandom[] random;
    private final NDManager scope;

    AttackRun(
            Classifier model,
            ThreatModel threatModel,
            NDArray original,
            StrongestIterates iterates,
            SplittableRandom[] random,
            NDManager scope) {
        this.model = model;
        this.threatModel = threatModel;
        this.original = original;
        this.iterates = iterates;
        this.random = random;
        this.scope = scope;
    }

    Classifier model() {
        return model;
    }

    ThreatModel threatModel() {
        return threatModel;
    }

    /** The clean batch. */
    NDArray original() {
        return original;
    }

    StrongestIterates iterates() {
        return iterates;
    }

    /** The manager that lives as long as this call; open sub-managers of it for scratch work. */
    NDManager scope() {
        return scope;
    }

    /** The random generator of the sample at {@code row}. */
    SplittableRandom random(int row) {
        return random[row];
    }

    /** Every position of the batch. */
    int[] allRows() {
        int[] rows = new int[iterates.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** Number of values in one sample. */
    int sampleSize() {
        return (int) (original.getShape().size() / original.getShape().get(0));
    }

    /**
     * Classifies the clean samples at {@code rows} and marks those already misclassified.
     *
     * @return the clean logits of {@code rows}, row-aligned
     */
    LogitRows checkClean(int[] rows) {
        try (NDManager temp = scope.newSubManager()) {
            NDArray x = ActiveSamples.select(original, rows, temp);
            float[] logits = model.logits(x).toFloatArray();
            iterates.offerClean(rows, logits);
            return new LogitRows(logits, iterates.classes());
        }
    }

    /** A random start for the active samples, projected onto the ball and range, owned by {@code owner}. */
    NDArray randomStart(RandomStart kind, ActiveSamples active, NDManager owner) {
        float[] deltas = kind.deltas(threatModel.norm(), threatModel.epsilon(), random, active.rows(), sampleSize());
        try (NDManager temp = owner.newSubManager()) {
            NDArray delta = NativeArrays.floats(temp, deltas, active.original().getShape());
            NDArray start = threatModel.project(delta.add(active.original()), active.original());
            start.attach(owner);
            return start;
        }
    }

    /** Logits and gradient of the summed per-sample loss at {@code x}, owned by {@code x}'s manager. */
    InputGradient gradient(NDArray x, ActiveSamples active, Loss loss) {
        return model.inputGradient(x, logits -> active.loss(loss, logits));
    }
}
