package io.robustunit.model;

import ai.djl.ndarray.NDArray;

/**
 * The result of {@link Classifier#inputGradient}: logits (detached) and d(loss)/d(inputs), both
 * attached to the inputs' manager.
 */
public record InputGradient(NDArray logits, NDArray gradient) implements AutoCloseable {

    @Override
    public void close() {
        logits.close();
        gradient.close();
    }
}
