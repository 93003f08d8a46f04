package io.robustunit.data;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * The content of an unsigned-byte IDX file: its dimensions and its bytes, in row-major order.
 *
 * @param dimensions the dimensions from the header, outermost first
 * @param data the values, {@code product(dimensions)} unsigned bytes
 */
@API(status = INTERNAL, since = "0.1")
public record IdxArray(int[] dimensions, byte[] data) {

    public IdxArray {
        dimensions = dimensions.clone();
    }

    /** Number of items along the first dimension. */
    public int count() {
        return dimensions[0];
    }

    /** Number of values in one item (product of all but the first dimension). */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dimensions.length; i++) {
            size *= dimensions[i];
        }
        return size;
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other
                && Arrays.equals(dimensions, other.dimensions)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dimensions) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dimensions);
    }
}
