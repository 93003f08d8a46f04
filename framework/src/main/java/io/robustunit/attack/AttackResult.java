package io.robustunit.attack;

import ai.djl.ndarray.NDArray;

/**
 * The adversarial examples for one batch.
 *
 * @param adversarial inputs of the batch's shape, inside the threat model's ball and range
 * @param brokenBy for each sample, the {@link Attack#toString()} of the attack whose example
 *     fooled the model, or null if none did (ensembles attribute each sample to one member)
 */
public record AttackResult(NDArray adversarial, String[] brokenBy) implements AutoCloseable {

    @Override
    public void close() {
        adversarial.close();
    }
}
