package io.robustunit.data;

import ai.djl.ndarray.NDArray;

/**
 * A batch of images with labels and their dataset indices.
 *
 * @param images float32 {@code [B, C, H, W]}
 * @param labels int32 {@code [B]}
 * @param datasetIndices each image's index in the source dataset
 * @param offset position of the first image in the {@link LabeledImages} it came from
 */
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
