package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import io.robustunit.model.Classifier;
import io.robustunit.random.Seeds;
import io.robustunit.threat.ThreatModel;
import org.apiguardian.api.API;

/**
 * An adversarial attack: finds inputs inside a {@link ThreatModel} ball that a classifier gets
 * wrong. Implementations are immutable, seeded and serializable (a distributed backend sends them to
 * its workers; keep non-serializable state such as models out of their fields, or transient); {@link #toString()} states every setting, e.g.
 * {@code PGD(Linf eps=0.100, 20 steps, step 0.010, random start, 1 restart, seed 0)}.
 */
@API(status = STABLE, since = "0.1")
public interface Attack extends java.io.Serializable {

    /** Short name, e.g. {@code PGD}, {@code APGD-CE}, {@code Square}. */
    String name();

    /** The ball the attack searches. */
    ThreatModel threatModel();

    /** The same attack against another threat model (for epsilon sweeps). */
    Attack withThreatModel(ThreatModel threatModel);

    /**
     * The base seed; each sample's randomness is derived from it and the sample's dataset index
     * ({@link Seeds}), never from the batch.
     */
    long seed();

    /** The same attack with another seed. */
    Attack withSeed(long seed);

    /** Whether the attack needs input gradients (false for score-based black-box attacks). */
    boolean needsGradients();

    /**
     * Attacks one batch.
     *
     * <p>Every random draw for sample {@code i} must come from
     * {@link Seeds#random Seeds.random(seed(), datasetIndices[i])} (or a seed derived
     * from it), and nothing a sample's result depends on may be shared across samples, so that a
     * sample's outcome depends only on (model, sample, attack with its seed, dataset index): any
     * batch size, batch composition, order, thread count or shard cut gives the same result.
     *
     * @param model the classifier, in evaluation mode
     * @param inputs float32 {@code [B, ...]} inside the model's input range
     * @param labels int32 {@code [B]} true labels
     * @param datasetIndices {@code [B]} the index of each sample in its dataset (non-negative);
     *     {@link DatasetIndices#positions(int)} for a batch that is its own dataset
     * @return adversarial inputs inside the ball and range, attached to {@code inputs}' manager
     */
    AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices);

    /**
     * Attacks a batch that is its own dataset: sample {@code i} gets dataset index {@code i}
     * ({@link DatasetIndices#positions(int)}).
     */
    default AttackResult perturb(Classifier model, NDArray inputs, NDArray labels) {
        int n = inputs == null ? 0 : Math.toIntExact(inputs.getShape().get(0));
        return perturb(model, inputs, labels, DatasetIndices.positions(n));
    }
}
