package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;

/**
 * An adversarial attack: finds inputs inside a {@link ThreatModel} ball that a classifier gets
 * wrong. Implementations are immutable and seeded; {@link #toString()} states every setting, e.g.
 * {@code PGD(Linf eps=0.100, 20 steps, step 0.010, random start, 1 restart, seed 0)}.
 */
public interface Attack {

    /** Short name, e.g. {@code PGD}, {@code APGD-CE}, {@code Square}. */
    String name();

    /** The ball the attack searches. */
    ThreatModel threatModel();

    /** The same attack against another threat model (for epsilon sweeps). */
    Attack withThreatModel(ThreatModel threatModel);

    /** The base seed; per-batch randomness is derived from it and the batch seed. */
    long seed();

    /** The same attack with another seed. */
    Attack withSeed(long seed);

    /** Whether the attack needs input gradients (false for score-based black-box attacks). */
    boolean needsGradients();

    /**
     * Attacks one batch.
     *
     * @param model the classifier, in evaluation mode
     * @param inputs float32 {@code [B, ...]} inside the model's input range
     * @param labels int32 {@code [B]} true labels
     * @param batchSeed a seed for this batch, derived by the caller from the dataset indices, so
     *     that results do not depend on batch order or thread scheduling
     * @return adversarial inputs inside the ball and range, attached to {@code inputs}' manager
     */
    AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, long batchSeed);
}
