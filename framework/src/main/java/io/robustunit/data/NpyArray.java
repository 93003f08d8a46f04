package io.robustunit.data;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * One NumPy array as stored in a {@code .npy} file: its element type, its shape and its raw bytes
 * (C order). Conversions check every value: no NaN pixel, no label outside {@code int}.
 *
 * @param dtype the element type
 * @param shape dimensions, outermost first
 * @param data {@code product(shape) * dtype.size()} bytes
 */
@API(status = INTERNAL, since = "0.1")
public record NpyArray(DType dtype, int[] shape, byte[] data) {

    /** The element types RobustUnit reads. */
    public enum DType {
        UINT8("u1", 1, true),
        INT8("i1", 1, true),
        UINT16("u2", 2, true),
        INT16("i2", 2, true),
        UINT32("u4", 4, true),
        INT32("i4", 4, true),
        UINT64("u8", 8, true),
        INT64("i8", 8, true),
        FLOAT32("f4", 4, false),
        FLOAT64("f8", 8, false),
        BOOL("b1", 1, true),
        /** Fixed-length unicode strings ({@code <U n}); {@link #size} is per character. */
        UNICODE("U", 4, false);

        final String code;
        final int size;
        final boolean integer;

        DType(String code, int size, boolean integer) {
            this.code = code;
            this.size = size;
            this.integer = integer;
        }
    }

    public NpyArray {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long count() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The values as floats: unsigned bytes scaled to [0, 1] ({@code v / 255}), floats as they are.
     *
     * @throws DataFormatException naming {@code source} for another type or a NaN / infinite value
     */
    public float[] toPixels(String source) throws DataFormatException {
        int n = Math.toIntExact(count());
        float[] out = new float[n];
        ByteBuffer b = buffer();
        switch (dtype) {
            case UINT8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (data[i] & 0xff) / 255f;
                }
            }
            case FLOAT32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getFloat(4 * i);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            default ->
                throw new DataFormatException(
                        source + ": images have dtype " + describe() + "; RobustUnit reads uint8 (0..255,"
                                + " scaled to [0, 1]) or float32/float64 (used as they are): convert with"
                                + " x.astype(np.uint8) or x.astype(np.float32)");
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(out[i])) {
                throw new DataFormatException(source + ": value " + i + " is " + out[i]
                        + " (NaN or infinite after conversion" + " to float32); every pixel must be a finite number");
            }
        }
        return out;
    }

    /**
     * The values as integer labels.
     *
     * @throws DataFormatException naming {@code source} for a non-integer type or a value outside
     *     {@code [0, 2^31)}
     */
    public int[] toLabels(String source) throws DataFormatException {
        if (!dtype.integer || dtype == DType.BOOL) {
            throw new DataFormatException(source + ": labels have dtype " + describe()
                    + "; labels must be integer class" + " indices: save them with y.astype(np.int64)");
        }
        int n = Math.toIntExact(count());
        int[] out = new int[n];
        ByteBuffer b = buffer();
        for (int i = 0; i < n; i++) {
            long v = switch (dtype) {
                case UINT8 -> data[i] & 0xffL;
                case INT8 -> data[i];
                case UINT16 -> b.getShort(2 * i) & 0xffffL;
                case INT16 -> b.getShort(2 * i);
                case UINT32 -> b.getInt(4 * i) & 0xffffffffL;
                case INT32 -> b.getInt(4 * i);
                case UINT64, INT64 -> {
                    long x = b.getLong(8 * i);
                    yield dtype == DType.UINT64 && x < 0 ? Long.MAX_VALUE : x;
                }
                default -> throw new IllegalStateException(dtype.name());
            };
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new DataFormatException(
                        source + ": label " + i + " is " + v + "; labels must be class indices 0, 1, 2, ...");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /**
     * The values as strings (class names stored as {@code np.array(["cat", "dog"])}).
     *
     * @throws DataFormatException unless the array is a 1-D unicode array
     */
    public List<String> toStrings(String source) throws DataFormatException {
        if (dtype != DType.UNICODE || shape.length != 1) {
            throw new DataFormatException(
                    source + ": class names must be a 1-D string array (np.array([\"cat\", \"dog\"])),"
                            + " found dtype " + describe() + " of shape " + Arrays.toString(shape));
        }
        int n = shape[0];
        int chars = n == 0 ? 0 : data.length / 4 / n;
        List<String> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < chars; c++) {
                int cp = b.getInt((i * chars + c) * 4);
                if (cp == 0) {
                    break;
                }
                if (!Character.isValidCodePoint(cp)) {
                    throw new DataFormatException(source + ": string " + i + " holds an invalid character code " + cp);
                }
                s.appendCodePoint(cp);
            }
            out.add(s.toString());
        }
        return out;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    String describe() {
        return dtype.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a
                && a.dtype == dtype
                && Arrays.equals(a.shape, shape)
                && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[" + describe() + " " + Arrays.toString(shape) + "]";
    }
}
