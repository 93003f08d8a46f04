package io.robustunit.fuzz;

import java.util.function.ToLongFunction;

/**
 * How many heap bytes one parse may allocate: a fixed allowance (buffers, exception, message) plus a
 * multiple of the input's real content. "Real" is what the bytes actually hold, for example the
 * decompressed length of a gzip stream, never what a header claims: a parser that sizes buffers from
 * a header it has not verified breaks the budget.
 *
 * @param fixedBytes allowance for any input, however small
 * @param perRealByte allowance per byte of real content
 * @param realSize the real content size of an input
 */
public record AllocationBudget(long fixedBytes, long perRealByte, ToLongFunction<byte[]> realSize) {

    /** No limit, for parsers whose allocation is not under test. */
    public static final AllocationBudget UNLIMITED = new AllocationBudget(Long.MAX_VALUE / 2, 0, input -> 0);

    public static AllocationBudget proportional(long fixedBytes, long perRealByte, ToLongFunction<byte[]> realSize) {
        return new AllocationBudget(fixedBytes, perRealByte, realSize);
    }

    /** Bytes the parser may allocate for {@code input}. */
    public long limit(byte[] input) {
        return fixedBytes + perRealByte * realSize.applyAsLong(input);
    }

    @Override
    public String toString() {
        return fixedBytes + " B + " + perRealByte + " x real content";
    }
}
