package io.robustunit.junit5;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.nn.Block;
import org.apiguardian.api.API;

/**
 * Builds the uninitialised DJL block into which {@link TrainedModel} loads a {@code .params} file
 * (DJL stores parameters, not the architecture). Implementations need a public no-argument
 * constructor.
 *
 * <pre>{@code
 * public class Mlp implements BlockFactory {
 *     public Block newBlock() {
 *         return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(10).build());
 *     }
 * }
 *
 * @TrainedModel(path = "models/mlp-0000.params", block = Mlp.class)
 * static Classifier model;
 * }</pre>
 */
@FunctionalInterface
@API(status = STABLE, since = "0.1")
public interface BlockFactory {

    /** A new block of the model's architecture. */
    Block newBlock() throws Exception;

    /** The default of {@link TrainedModel#block()}: no block, the file is TorchScript. */
    final class None implements BlockFactory {
        private None() {}

        @Override
        public Block newBlock() {
            throw new UnsupportedOperationException("not a block factory");
        }
    }
}
