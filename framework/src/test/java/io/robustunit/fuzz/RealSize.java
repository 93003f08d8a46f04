package io.robustunit.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Real content sizes of inputs, for {@link AllocationBudget}. */
public final class RealSize {

    private RealSize() {}

    /** The input's length. */
    public static long bytes(byte[] input) {
        return input.length;
    }

    /**
     * The input's length or, if it starts with the gzip magic, the larger of that and the number of
     * bytes the JDK's gzip decoder yields before the stream ends or turns out corrupt.
     */
    public static long gunzipped(byte[] input) {
        if (!isGzip(input)) {
            return input.length;
        }
        return Math.max(input.length, gunzip(input).length);
    }

    /** Whether the input starts with the gzip magic bytes {@code 1f 8b}. */
    public static boolean isGzip(byte[] input) {
        return input.length >= 2 && (input[0] & 0xff) == 0x1f && (input[1] & 0xff) == 0x8b;
    }

    /** The bytes the JDK's decoder yields before the stream ends or fails (all of them if it is valid). */
    public static byte[] gunzip(byte[] input) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input))) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // corrupt or truncated: what came out before counts
        }
        return out.toByteArray();
    }
}
