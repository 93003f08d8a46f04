package io.robustunit.model;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.PyTorchCalls;
import io.robustunit.engine.RobustUnitEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
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
 * are identical across runs that use the same value on the same CPU kind and library build. 20
 * divides the default batch sizes of evaluation (100), the command line (200) and certification
 * (500), so a full batch is never padded; 16 padded a batch of 100 to 112 rows, which cost PGD on
 * the RGB sample model about a fifth of its speed (README, piece-size experiment). TRADES' default
 * batch of 128 pads to 140 rows in its inner maximisation.
 *
 * <p>With {@link RobustUnitEngine#forwardWorkers()} above 1 the pieces run concurrently on that
 * many threads. A gradient then takes three steps: every piece's forward pass recorded on a worker;
 * the loss of the joined logits differentiated on the caller's thread (down to the logits only);
 * every piece's backward pass from its rows of that logit gradient on a worker. Each piece sees
 * the same kernels and the same incoming gradient as in one joined backward pass, so logits and
 * input gradients are bit-for-bit those of the sequential path ({@code FixedRowBatchesTest}).
 */
@API(status = INTERNAL, since = "0.1")
public final class FixedRowBatches {

    /** System property overriding the row count of every evaluation-mode forward call. */
    public static final String PROPERTY = "robustunit.forwardRows";

    /** Default rows per forward call. */
    public static final int DEFAULT_ROWS = 20;

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
     * The settings besides library versions that decide a result's bits: the row count of every
     * call and the memory-layout setting ({@code MemoryLayout}), e.g. {@code "20-row calls, memory
     * format auto"}. Persisted results are reused only under the same settings.
     */
    public static String numerics() {
        return rows() + "-row calls, memory format " + MemoryLayout.configured();
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
            NDArray out = workers(n, rows) > 1 ? runConcurrently(in, n, rows, forward) : run(in, n, rows, forward);
            out.attach(owner);
            return out;
        }
    }

    /**
     * Whether {@link #inputGradient} should be used instead of a recorded {@link #apply}: more
     * than one piece and more than one worker.
     */
    static boolean concurrentGradient(NDArray inputs) {
        return workers(inputs.getShape().get(0), rows()) > 1;
    }

    /**
     * Logits (detached) and d(loss(logits))/d(inputs), computed piece by piece on the workers;
     * both attached to {@code inputs}' manager.
     *
     * @param forward the recorded evaluation-mode forward pass of one piece
     * @param loss the loss of the joined logits (its sum is differentiated)
     * @param checkLogits called with the joined logits before the loss
     */
    static InputGradient inputGradient(
            NDArray inputs,
            UnaryOperator<NDArray> forward,
            Function<NDArray, NDArray> loss,
            Consumer<NDArray> checkLogits) {
        int rows = rows();
        long n = inputs.getShape().get(0);
        NDManager owner = inputs.getManager();
        Engine engine = owner.getEngine();
        try (NDManager scope = owner.newSubManager()) {
            NDArray x = inputs.duplicate();
            x.attach(scope);
            List<NDArray> pieces = pieces(x, n, rows);
            List<NDArray> outputs = onWorkers(pieces.size(), i -> {
                boolean previous = PyTorchCalls.gradMode();
                PyTorchCalls.setGradMode(true);
                try {
                    NDArray piece = pieces.get(i);
                    piece.setRequiresGradient(true);
                    return forward.apply(piece);
                } finally {
                    PyTorchCalls.setGradMode(previous);
                }
            });
            List<NDArray> cutLogits = new ArrayList<>(outputs.size());
            for (int i = 0; i < outputs.size(); i++) {
                cutLogits.add(cut(outputs.get(i).stopGradient(), n, rows, i));
            }
            NDArray logits = join(cutLogits);
            checkLogits.accept(logits);
            NDArray logitGradient = GradientRecording.record(engine, collector -> {
                NDArray z = logits.duplicate();
                z.setRequiresGradient(true);
                collector.backward(loss.apply(z));
                return z.getGradient();
            });
            List<NDArray> gradients = onWorkers(pieces.size(), i -> {
                long from = (long) i * rows;
                long real = realRows(n, rows, i);
                NDArray upstream = logitGradient.get(new NDIndex("{}:{}", from, from + real));
                if (real < rows) {
                    // the padding rows were cut from the logits: nothing flows back from them
                    long[] padShape = upstream.getShape().getShape().clone();
                    padShape[0] = rows - real;
                    upstream = upstream.concat(
                            upstream.getManager().zeros(new Shape(padShape), upstream.getDataType()), 0);
                }
                PyTorchCalls.backward(outputs.get(i), upstream);
                return cut(pieces.get(i).getGradient(), n, rows, i);
            });
            NDArray gradient = join(gradients);
            gradient.attach(owner);
            logits.attach(owner);
            return new InputGradient(logits, gradient);
        }
    }

    private static List<NDArray> pieces(NDArray x, long n, int rows) {
        List<NDArray> pieces = new ArrayList<>();
        for (long from = 0; from < n; from += rows) {
            long to = Math.min(n, from + rows);
            NDArray part = x.get(new NDIndex("{}:{}", from, to));
            if (to - from < rows) {
                NDArray last = x.get(new NDIndex("{}:{}", to - 1, to));
                part = part.concat(last.repeat(0, rows - (to - from)), 0);
            }
            pieces.add(part);
        }
        return pieces;
    }

    private static long realRows(long n, int rows, int piece) {
        long from = (long) piece * rows;
        return Math.min(n, from + rows) - from;
    }

    private static NDArray runConcurrently(NDArray x, long n, int rows, UnaryOperator<NDArray> forward) {
        List<NDArray> pieces = pieces(x, n, rows);
        return join(onWorkers(pieces.size(), i -> cut(forward.apply(pieces.get(i)), n, rows, i)));
    }

    /** Piece {@code piece}'s output without the rows that padded it. */
    private static NDArray cut(NDArray output, long n, int rows, int piece) {
        long real = realRows(n, rows, piece);
        return real < rows ? output.get(new NDIndex("0:{}", real)) : output;
    }

    private static NDArray join(List<NDArray> parts) {
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
    }

    private static int workers(long n, int rows) {
        if (n <= rows) {
            return 1;
        }
        return RobustUnitEngine.forwardWorkers();
    }

    /** The shared worker threads, resized when the worker count changes; idle ones end after a minute. */
    private static ThreadPoolExecutor pool;

    private static synchronized ExecutorService pool(int size) {
        if (pool == null) {
            AtomicInteger number = new AtomicInteger();
            pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "robustunit-forward-" + number.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
        } else if (pool.getMaximumPoolSize() != size) {
            // never shut down: another caller may be submitting to it right now
            if (size > pool.getMaximumPoolSize()) {
                pool.setMaximumPoolSize(size);
                pool.setCorePoolSize(size);
            } else {
                pool.setCorePoolSize(size);
                pool.setMaximumPoolSize(size);
            }
        }
        return pool;
    }

    /**
     * {@code work(0..count-1)} on the workers, results in order. Waits for every task before it
     * returns or throws, so no worker still uses the caller's arrays when the caller closes them.
     */
    private static List<NDArray> onWorkers(int count, IntFunction<NDArray> work) {
        ExecutorService workers = pool(RobustUnitEngine.forwardWorkers());
        List<Future<NDArray>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int piece = i;
            futures.add(workers.submit(() -> work.apply(piece)));
        }
        List<NDArray> results = new ArrayList<>(count);
        Throwable failure = null;
        boolean interrupted = false;
        for (Future<NDArray> f : futures) {
            while (true) {
                try {
                    results.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: the tasks use the caller's arrays
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return results;
    }

    private static NDArray run(NDArray x, long n, int rows, UnaryOperator<NDArray> forward) {
        List<NDArray> pieces = pieces(x, n, rows);
        List<NDArray> outputs = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            outputs.add(cut(forward.apply(pieces.get(i)), n, rows, i));
        }
        return join(outputs);
    }
}
