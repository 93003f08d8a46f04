package io.robustunit.data;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import org.apiguardian.api.API;

/**
 * A batch of images with labels and their dataset indices.
 *
 * @param images float32 {@code [B, C, H, W]}
 * @param labels int32 {@code [B]}
 * @param datasetIndices each image's index in the source dataset
 * @param offset position of the first image in the {@link LabeledImages} it came from
 */
@API(status = STABLE, since = "0.1")
public record Batch(NDArray images, NDArray labels, int[] datasetIndices, int offset) implements AutoCloseable {

    public int size() {
        return datasetIndices.length;
    }

    @Override
    public int[] datasetIndices() {
        return datasetIndices.clone();
    }

    /** Closes the images and labels arrays. */
    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
