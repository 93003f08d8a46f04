package io.robustunit.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Creates arrays from Java data without leaving native memory to the garbage collector.
 *
 * <p>DJL's {@code manager.create(float[], shape)} copies the data into a new direct
 * {@link ByteBuffer} that the PyTorch tensor then aliases. Closing the array does not free that
 * buffer; only a garbage collection does, and the Java heap hardly grows meanwhile, so over a long
 * run (a batch of images and a random start per step) native memory piles up until a collection
 * happens (a TRADES epoch grew by hundreds of MB and slowed down 2.5x), bounded only by the JVM's
 * direct-memory limit, by default the maximum heap size. Here the data goes through one staging
 * buffer per thread, reused, and the array gets its own copy owned by libtorch, freed when the
 * array (or its manager) is closed. Every float array RobustUnit builds from Java data comes from
 * here.
 *
 * <pre>{@code
 * NDArray x = NativeArrays.floats(batchScope, pixels, new Shape(b, 1, 28, 28));
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class NativeArrays {

    private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();

    private NativeArrays() {}

    /**
     * {@code data} as a float32 array of {@code shape} attached to {@code manager}.
     *
     * @throws IllegalArgumentException if {@code shape} does not hold {@code data.length} values
     */
    public static NDArray floats(NDManager manager, float[] data, Shape shape) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(data, "data");
        if (shape.size() != data.length) {
            throw new IllegalArgumentException(
                    "shape " + shape + " holds " + shape.size() + " values but " + data.length + " were given");
        }
        if (!RobustUnitEngine.PYTORCH.equals(manager.getEngine().getEngineName())
                || manager.getDevice().isGpu()) {
            return manager.create(data, shape);
        }
        ByteBuffer staging = staging((long) data.length * Float.BYTES);
        staging.asFloatBuffer().put(data);
        try (NDArray alias = manager.create(staging, shape, DataType.FLOAT32)) {
            return alias.duplicate();
        }
    }

    /** A direct buffer of exactly {@code bytes} bytes, sliced from this thread's staging buffer. */
    private static ByteBuffer staging(long bytes) {
        int size = Math.toIntExact(bytes);
        ByteBuffer buffer = STAGING.get();
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, 1 << 16)).order(ByteOrder.nativeOrder());
            STAGING.set(buffer);
        }
        buffer.clear().limit(size);
        return buffer.slice().order(ByteOrder.nativeOrder());
    }
}
