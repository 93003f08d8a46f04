package io.robustunit.data;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apiguardian.api.API;

/**
 * Reads unsigned-byte IDX files (the MNIST family's format), raw or gzip-compressed.
 *
 * <p>The header is validated before anything is allocated: magic number, type, rank, and that the
 * claimed byte count fits the limit and, for raw files, the file's actual size. The body must hold
 * exactly the claimed bytes: a short read or trailing data is an error, never a silent truncation.
 * Every failure is an {@link IdxFormatException} naming the file.
 */
@API(status = INTERNAL, since = "0.1")
public final class IdxReader {

    /** IDX type code for unsigned bytes. */
    private static final int UBYTE = 0x08;

    /** Default largest body accepted: 1 GiB, far above any MNIST-family file. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private static final int GZIP_MAGIC = 0x1f8b;

    /**
     * First capacity of the body buffer when the size cannot be checked up front (gzip): the buffer
     * then doubles only as real bytes arrive, so a lying header costs at most this much.
     */
    private static final int UNCHECKED_INITIAL_CAPACITY = 1 << 16;

    private static final String REINSTALL = "; re-download or reinstall it";

    private final long maxBytes;

    /** A reader that accepts bodies up to {@link #DEFAULT_MAX_BYTES}. */
    public IdxReader() {
        this(DEFAULT_MAX_BYTES);
    }

    /** A reader that refuses any file claiming more than {@code maxBytes} of data. */
    public IdxReader(long maxBytes) {
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxBytes must be in [1, " + (Integer.MAX_VALUE - 8) + "], was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Reads an IDX file, detecting gzip by its magic bytes.
     *
     * @throws IdxFormatException if the file is missing, unreadable, truncated or malformed
     */
    public IdxArray read(Path file) throws IdxFormatException {
        if (!Files.isRegularFile(file)) {
            throw new IdxFormatException("IDX file " + file + " does not exist or is not a file; check the path"
                    + PathHints.relativeTo(file));
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = ((b0 << 8) | b1) == GZIP_MAGIC;
            long limit = gzip ? -1 : Files.size(file);
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return read(in, file.toString(), limit);
            }
        } catch (IdxFormatException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new IdxFormatException("IDX file " + file + " does not exist; check the path", e);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(
                    "IDX file " + file + " is not a valid gzip stream or is truncated (" + e.getMessage() + ")"
                            + REINSTALL,
                    e);
        } catch (IOException e) {
            throw new IdxFormatException("Cannot read IDX file " + file + ": " + e + "; check that it is readable", e);
        }
    }

    /**
     * Reads an uncompressed IDX stream.
     *
     * @param in the stream, positioned at the magic number; not closed
     * @param name how to name the source in error messages
     * @param sizeLimit the stream's total size if known (header included), or -1
     */
    public IdxArray read(InputStream in, String name, long sizeLimit) throws IOException {
        int magic = readInt(in, name, "magic number");
        if ((magic >>> 16) != 0) {
            throw new IdxFormatException("IDX file " + name + " has wrong magic number 0x" + Integer.toHexString(magic)
                    + " (expected 0x0000TTRR: two zero bytes, type, rank); is it an IDX file?");
        }
        int type = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if (type != UBYTE) {
            throw new IdxFormatException("IDX file " + name + " has data type 0x" + Integer.toHexString(type)
                    + "; only unsigned byte (0x08) is supported: convert the data to unsigned bytes");
        }
        if (rank < 1 || rank > 4) {
            throw new IdxFormatException("IDX file " + name + " has rank " + rank + "; expected 1 to 4 dimensions"
                    + " (the header is corrupt or this is not an image or label file)");
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            int d = readInt(in, name, "dimension " + i);
            if (d < 0) {
                throw new IdxFormatException("IDX file " + name + " has negative dimension " + i + ": "
                        + (d & 0xffffffffL) + " (above 2^31 - 1); the header is corrupt" + REINSTALL);
            }
            dims[i] = d;
            total *= d;
            if (total > maxBytes) {
                throw new IdxFormatException("IDX file " + name + " claims more than " + maxBytes
                        + " bytes of data (dimensions so far "
                        + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + "); the header is corrupt or the file is not what it seems"
                        + " (a genuine larger file needs new IdxReader(maxBytes))");
            }
        }
        long headerBytes = 4L + 4L * rank;
        if (sizeLimit >= 0 && headerBytes + total != sizeLimit) {
            throw new IdxFormatException(
                    "IDX file " + name + ": its header claims " + total + " data bytes but the file holds "
                            + (sizeLimit - headerBytes)
                            + "; the file is truncated or corrupt" + REINSTALL);
        }
        byte[] data = readExactly(in, name, (int) total, sizeLimit >= 0);
        if (in.read() >= 0) {
            throw new IdxFormatException("IDX file " + name + " has data beyond the " + total
                    + " bytes its header claims; the file is corrupt" + REINSTALL);
        }
        return new IdxArray(dims, data);
    }

    /**
     * Reads exactly {@code total} bytes. When the stream's size was not checked up front (gzip), the
     * buffer grows with what actually arrives, so a lying header cannot force a large allocation.
     */
    private static byte[] readExactly(InputStream in, String name, int total, boolean sizeChecked) throws IOException {
        byte[] data = new byte[sizeChecked ? total : Math.min(total, UNCHECKED_INITIAL_CAPACITY)];
        int off = 0;
        while (off < total) {
            if (off == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(total, 2L * data.length));
            }
            int n = in.read(data, off, data.length - off);
            if (n < 0) {
                throw new IdxFormatException("IDX file " + name + " is truncated: header claims " + total
                        + " data bytes but only " + off + " are present" + REINSTALL);
            }
            off += n;
        }
        return data;
    }

    private static int readInt(InputStream in, String name, String what) throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw new IdxFormatException(
                        "IDX file " + name + " is truncated in its header (reading " + what + ")" + REINSTALL);
            }
            value = (value << 8) | b;
        }
        return value;
    }
}
