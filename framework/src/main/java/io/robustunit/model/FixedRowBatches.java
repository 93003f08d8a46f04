package io.robustunit.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * Runs evaluation-mode forward passes in calls of exactly {@link #rows()} rows, so that a sample's
 * logits and input gradient are bit-for-bit the same whatever batch it arrives in.
 *
 * <p>Why: libtorch picks kernels by batch size. Measured on the sample CNN (PyTorch 2.7.1 CPU,
 * 2 threads): logits of the same image differ by up to 7.6e-6 between a batch of 1 and a batch of
 * 64 (batches of 1-3, 5-7, 9-11 differ; 4, 8, 12, 16, 32, 64 agree), input gradients likewise; a PGD
 * trajectory fed with such differences can end on the other side of a decision boundary, so a
 * sample's verdict would depend on the batch size and on how a dataset is cut into shards. With
 * every call padded (by repeating the last row) or split to the same row count, each row sees the
 * same kernels; rows do not interact in evaluation mode, so neither the other samples of a batch
 * nor the sample's position change its result. Training-mode passes (BatchNorm batch statistics)
 * are never split.
 *
 * <p>The row count is {@value #DEFAULT_ROWS}, or the system property {@value #PROPERTY}; results
 * are identical across runs that use the same value on the same CPU kind and library build.
 */
@API(status = INTERNAL, since = "0.1")
public final class FixedRowBatches {

    /** System property overriding the row count of every evaluation-mode forward call. */
    public static final String PROPERTY = "robustunit.forwardRows";

    /** Default rows per forward call. */
    public static final int DEFAULT_ROWS = 16;

    private FixedRowBatches() {}

    /** The rows of every evaluation-mode forward call. */
    public static int rows() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_ROWS;
        }
        try {
            int rows = Integer.parseInt(value.trim());
            if (rows >= 1) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(
                "system property " + PROPERTY + " must be a whole number >= 1, was '" + value + "'");
    }

    /**
     * {@code forward} applied to {@code inputs} in calls of exactly {@link #rows()} rows; the result
     * has {@code inputs}' row count and lives in {@code inputs}' manager. When {@code record} is
     * set the pieces stay in that manager too (the autograd graph needs them); otherwise they are
     * freed before returning.
     */
    static NDArray apply(NDArray inputs, boolean record, UnaryOperator<NDArray> forward) {
        int rows = rows();
        long n = inputs.getShape().get(0);
        if (n == rows || n == 0) {
            return forward.apply(inputs);
        }
        NDManager owner = inputs.getManager();
        if (record) {
            return run(inputs, n, rows, forward);
        }
        try (NDManager temp = owner.newSubManager()) {
            NDArray in = inputs.duplicate();
            in.attach(temp);
            NDArray out = run(in, n, rows, forward);
            out.attach(owner);
            return out;
        }
    }

    private static NDArray run(NDArray x, long n, int rows, UnaryOperator<NDArray> forward) {
        NDList outputs = new NDList();
        for (long from = 0; from < n; from += rows) {
            long to = Math.min(n, from + rows);
            long real = to - from;
            NDArray part = x.get(new NDIndex("{}:{}", from, to));
            if (real < rows) {
                NDArray last = x.get(new NDIndex("{}:{}", to - 1, to));
                part = part.concat(last.repeat(0, rows - real), 0);
            }
            NDArray out = forward.apply(part);
            if (real < rows) {
                out = out.get(new NDIndex("0:{}", real));
            }
            outputs.add(out);
        }
        return outputs.size() == 1 ? outputs.get(0) : NDArrays.concat(outputs, 0);
    }
}
