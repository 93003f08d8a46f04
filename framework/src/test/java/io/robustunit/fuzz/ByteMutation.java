package io.robustunit.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * One edit of a byte string, as fuzzers make them: positions wrap around the input's length, so any
 * mutation applies to any input. {@link #mutations()} generates (and shrinks) lists of them.
 */
public sealed interface ByteMutation {

    byte[] applyTo(byte[] input);

    /** Applies {@code mutations} in order. */
    static byte[] applyAll(byte[] input, List<ByteMutation> mutations) {
        byte[] out = input;
        for (ByteMutation m : mutations) {
            out = m.applyTo(out);
        }
        return out;
    }

    /** One to four mutations of any kind, biased toward headers: most formats fail there first. */
    static Arbitrary<List<ByteMutation>> mutations() {
        return mutation().list().ofMinSize(1).ofMaxSize(4);
    }

    static Arbitrary<ByteMutation> mutation() {
        Arbitrary<Integer> anywhere = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<Integer> nearStart = Arbitraries.integers().between(0, 31);
        Arbitrary<Integer> position =
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, nearStart), net.jqwik.api.Tuple.of(1, anywhere));
        Arbitrary<byte[]> fewBytes =
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
        return Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(
                                position, Arbitraries.integers().between(0, 7))
                        .as(FlipBit::new),
                anywhere.map(Truncate::new),
                fewBytes.map(Append::new),
                net.jqwik.api.Combinators.combine(position, fewBytes).as(Insert::new),
                net.jqwik.api.Combinators.combine(
                                position, Arbitraries.integers().between(1, 64))
                        .as(Delete::new),
                net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 7), interestingInts())
                        .as(OverwriteInt::new));
    }

    /** Integers that break size arithmetic: zero, one, powers of two and their neighbours, extremes. */
    static Arbitrary<Integer> interestingInts() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        0,
                        1,
                        2,
                        3,
                        8,
                        10,
                        28,
                        255,
                        256,
                        784,
                        65535,
                        65536,
                        1 << 20,
                        1 << 24,
                        (1 << 30) - 1,
                        1 << 30,
                        Integer.MAX_VALUE - 8,
                        Integer.MAX_VALUE,
                        -1,
                        Integer.MIN_VALUE,
                        0x00000803,
                        0x00000801,
                        0x08030000),
                Arbitraries.integers());
    }

    private static int wrap(int position, int length) {
        return Math.floorMod(position, length + 1);
    }

    /** Flips one bit of the byte at {@code position}. */
    record FlipBit(int position, int bit) implements ByteMutation {
        @Override
        public byte[] applyTo(byte[] input) {
            if (input.length == 0) {
                return input;
            }
            byte[] out = input.clone();
            out[Math.floorMod(position, input.length)] ^= (byte) (1 << bit);
            return out;
        }
    }

    /** Keeps the first {@code length} bytes (wrapped to the input's length). */
    record Truncate(int length) implements ByteMutation {
        @Override
        public byte[] applyTo(byte[] input) {
            return Arrays.copyOf(input, wrap(length, input.length));
        }
    }

    /** Adds bytes at the end. */
    record Append(byte[] bytes) implements ByteMutation {
        @Override
        public byte[] applyTo(byte[] input) {
            byte[] out = Arrays.copyOf(input, input.length + bytes.length);
            System.arraycopy(bytes, 0, out, input.length, bytes.length);
            return out;
        }

        @Override
        public String toString() {
            return "Append[" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    /** Inserts bytes at {@code position}. */
    record Insert(int position, byte[] bytes) implements ByteMutation {
        @Override
        public byte[] applyTo(byte[] input) {
            int at = wrap(position, input.length);
            byte[] out = new byte[input.length + bytes.length];
            System.arraycopy(input, 0, out, 0, at);
            System.arraycopy(bytes, 0, out, at, bytes.length);
            System.arraycopy(input, at, out, at + bytes.length, input.length - at);
            return out;
        }

        @Override
        public String toString() {
            return "Insert[" + position + ", " + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    /** Removes up to {@code count} bytes from {@code position}. */
    record Delete(int position, int count) implements ByteMutation {
        @Override
        public byte[] applyTo(byte[] input) {
            int at = wrap(position, input.length);
            int n = Math.min(count, input.length - at);
            byte[] out = new byte[input.length - n];
            System.arraycopy(input, 0, out, 0, at);
            System.arraycopy(input, at + n, out, at, input.length - at - n);
            return out;
        }
    }

    /**
     * Writes a big-endian int over the {@code slot}-th aligned word (bytes {@code 4*slot..4*slot+3}),
     * where binary headers keep magic numbers and sizes; words past the end are left alone.
     */
    record OverwriteInt(int slot, int value) implements ByteMutation {
        @Override
        public byte[] applyTo(byte[] input) {
            int at = 4 * slot;
            if (at + 4 > input.length) {
                return input;
            }
            byte[] out = input.clone();
            ByteBuffer.wrap(out).putInt(at, value);
            return out;
        }
    }
}
