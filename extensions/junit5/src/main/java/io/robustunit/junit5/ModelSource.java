package io.robustunit.junit5;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.model.Classifier;
import io.robustunit.model.InputContract;
import org.apiguardian.api.API;

/**
 * Loads a model in a way {@link TrainedModel} does not cover (a model built in code, a custom file
 * format). Implementations need a public no-argument constructor.
 *
 * <pre>{@code
 * public class TwoLayerNet implements ModelSource {
 *     public Classifier load(InputContract contract) {
 *         return Classifiers.djl(buildBlock(), "two-layer-net", contract);
 *     }
 * }
 *
 * @TrainedModel(source = TwoLayerNet.class)
 * static Classifier model;
 * }</pre>
 */
@FunctionalInterface
@API(status = STABLE, since = "0.1")
public interface ModelSource {

    /**
     * Loads the model; it is closed by JUnit when its scope ends.
     *
     * @param contract the input shape, range and class count declared on the annotation
     */
    Classifier load(InputContract contract) throws Exception;

    /** The default of {@link TrainedModel#source()}: no source class, load a file. */
    final class None implements ModelSource {
        private None() {}

        @Override
        public Classifier load(InputContract contract) {
            throw new UnsupportedOperationException("not a model source");
        }
    }
}
