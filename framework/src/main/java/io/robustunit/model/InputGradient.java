package io.robustunit.model;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import org.apiguardian.api.API;

/**
 * The result of {@link Classifier#inputGradient}: logits (detached) and d(loss)/d(inputs), both
 * attached to the inputs' manager.
 */
@API(status = STABLE, since = "0.1")
public record InputGradient(NDArray logits, NDArray gradient) implements AutoCloseable {

    @Override
    public void close() {
        logits.close();
        gradient.close();
    }
}
