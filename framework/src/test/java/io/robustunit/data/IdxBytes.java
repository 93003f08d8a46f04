package io.robustunit.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files, well-formed or deliberately not, for tests of the data layer. */
public final class IdxBytes {

    /** IDX type code of unsigned bytes, the only one {@link IdxReader} accepts. */
    public static final int UBYTE = 0x08;

    private IdxBytes() {}

    /** A well-formed unsigned-byte IDX file. */
    public static byte[] idx(int[] dims, byte[] data) {
        return idx(UBYTE, dims, data);
    }

    /** An IDX file with the given type code; {@code data} is written as it is, whatever dims say. */
    public static byte[] idx(int type, int[] dims, byte[] data) {
        return concat(header(type, dims.length, dims), data);
    }

    /** Magic number {@code 0x0000TTRR} followed by {@code dims}, which need not number {@code rank}. */
    public static byte[] header(int type, int rank, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.putInt((type & 0xff) << 8 | (rank & 0xff));
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    /** {@code n} seeded images of {@code h x w} pixels, labels cycling through {@code 0..classes-1}. */
    public static Pair images(int n, int h, int w, int classes, long seed) {
        byte[] pixels = new byte[n * h * w];
        new SplittableRandom(seed).nextBytes(pixels);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % classes);
        }
        return new Pair(idx(new int[] {n, h, w}, pixels), idx(new int[] {n}, labels));
    }

    /** An images file and a labels file that belong together. */
    public record Pair(byte[] images, byte[] labels) {

        /** Writes them with Fashion-MNIST's names for {@code split} ({@code "t10k"} or {@code "train"}). */
        public void writeTo(Path dir, String split, boolean gzip) {
            String suffix = gzip ? ".gz" : "";
            write(dir.resolve(split + "-images-idx3-ubyte" + suffix), gzip ? gzip(images) : images);
            write(dir.resolve(split + "-labels-idx1-ubyte" + suffix), gzip ? gzip(labels) : labels);
        }
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
