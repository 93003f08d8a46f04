package io.robustunit.data;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apiguardian.api.API;

/**
 * Reads NumPy {@code .npy} files (format versions 1 to 3) and {@code .npz} archives
 * ({@code np.savez}, {@code np.savez_compressed}).
 *
 * <p>The header is parsed strictly ({@code descr}, {@code fortran_order}, {@code shape}, nothing
 * else) and checked before the body is allocated: a known element type, C order, a size under the
 * cap and, for a {@code .npy} file, exactly the bytes the file holds. Inside an {@code .npz} the body
 * buffer grows only as real bytes arrive, so a lying header cannot force a large allocation. Every
 * failure is a {@link DataFormatException} naming the file (and the archive entry).
 */
@API(status = INTERNAL, since = "0.1")
public final class NpyReader {

    /** Default largest body: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    /** numpy itself refuses headers above 10,000 bytes unless told otherwise. */
    static final int MAX_HEADER_BYTES = 1 << 16;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private static final int UNCHECKED_INITIAL_CAPACITY = 1 << 16;

    private static final int MAX_ENTRIES = 1024;

    private static final String RESAVE = "; re-save it with np.save / np.savez";

    private final long maxBytes;

    public NpyReader() {
        this(DEFAULT_MAX_BYTES);
    }

    /** A reader that refuses any array claiming more than {@code maxBytes} of data. */
    public NpyReader(long maxBytes) {
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxBytes must be in [1, " + (Integer.MAX_VALUE - 8) + "], was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Whether {@code file} starts with the {@code .npy} magic bytes. */
    static boolean isNpy(Path file) {
        return startsWith(file, MAGIC);
    }

    /** Whether {@code file} starts with a zip local-file header ({@code PK\3\4}). */
    static boolean isZip(Path file) {
        return startsWith(file, new byte[] {'P', 'K', 3, 4});
    }

    private static boolean startsWith(Path file, byte[] prefix) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(prefix.length);
            return Arrays.equals(head, prefix);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @throws DataFormatException if it is missing, unreadable, truncated or malformed
     */
    public NpyArray read(Path file) throws DataFormatException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException("NumPy file " + file + " does not exist or is not a file; check the path"
                    + PathHints.relativeTo(file));
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString(), Files.size(file));
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFormatException(
                    "Cannot read NumPy file " + file + ": " + e + "; check that it is readable", e);
        }
    }

    /**
     * The shape in a {@code .npy} file's header, without reading the body.
     *
     * @throws DataFormatException if the header is malformed
     */
    public int[] shapeOf(Path file) throws DataFormatException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return header(in, file.toString()).shape;
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFormatException("Cannot read NumPy file " + file + ": " + e, e);
        }
    }

    /**
     * Reads every array of an {@code .npz} archive, keyed by name without {@code .npy}, in archive
     * order.
     *
     * @throws DataFormatException if the archive or an array in it is malformed
     */
    public Map<String, NpyArray> readNpz(Path file) throws DataFormatException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException("NumPy archive " + file + " does not exist or is not a file; check the path"
                    + PathHints.relativeTo(file));
        }
        checkEndRecord(file);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        long total = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            Enumeration<? extends ZipEntry> e = zip.entries();
            while (e.hasMoreElements()) {
                entries.add(e.nextElement());
                if (entries.size() > MAX_ENTRIES) {
                    throw new DataFormatException("NumPy archive " + file + " holds more than " + MAX_ENTRIES
                            + " entries; is it an .npz file?");
                }
            }
            for (ZipEntry entry : entries) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!name.endsWith(".npy")) {
                    throw new DataFormatException("NumPy archive " + file + " holds entry '" + name
                            + "', which is not an .npy array; an .npz holds only arrays" + RESAVE);
                }
                String key = name.substring(0, name.length() - 4);
                String where = file + " (array '" + key + "')";
                try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
                    NpyArray array = read(in, where, -1);
                    total += array.data().length;
                    if (total > maxBytes) {
                        throw new DataFormatException("NumPy archive " + file + " holds more than " + maxBytes
                                + " bytes of arrays; a genuine larger file needs a larger cap");
                    }
                    arrays.put(key, array);
                }
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (ZipException e) {
            throw new DataFormatException(
                    "NumPy archive " + file + " is not a valid zip (.npz) file or" + " is truncated (" + e.getMessage()
                            + ")" + RESAVE,
                    e);
        } catch (IOException e) {
            throw new DataFormatException("Cannot read NumPy archive " + file + ": " + e, e);
        } catch (RuntimeException e) {
            // java.util.zip signals some malformed archives with unchecked exceptions
            throw new DataFormatException("NumPy archive " + file + " is corrupt (" + e + ")" + RESAVE, e);
        }
        if (arrays.isEmpty()) {
            throw new DataFormatException("NumPy archive " + file + " holds no arrays" + RESAVE);
        }
        return arrays;
    }

    /**
     * Checks the zip's end-of-central-directory record before {@link ZipFile} sizes its tables from
     * it: at most {@value #MAX_ENTRIES} entries, a central directory inside the file, no ZIP64 (numpy
     * writes ZIP64 only above 4 GiB).
     */
    private static void checkEndRecord(Path file) throws DataFormatException {
        byte[] tail;
        long size;
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            size = ch.size();
            int n = (int) Math.min(size, 22 + 65535 + 20);
            ch.position(size - n);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read the tail
            }
            tail = b.array();
        } catch (IOException e) {
            throw new DataFormatException("Cannot read NumPy archive " + file + ": " + e, e);
        }
        for (int i = tail.length - 22; i >= 0; i--) {
            if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(tail).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                int entries = b.getShort(i + 10) & 0xffff;
                long cdSize = b.getInt(i + 12) & 0xffffffffL;
                long cdOffset = b.getInt(i + 16) & 0xffffffffL;
                long endPos = size - tail.length + i;
                boolean zip64 = entries == 0xffff
                        || cdSize == 0xffffffffL
                        || cdOffset == 0xffffffffL
                        || (i >= 20
                                && tail[i - 20] == 'P'
                                && tail[i - 19] == 'K'
                                && tail[i - 18] == 6
                                && tail[i - 17] == 7);
                if (zip64) {
                    throw new DataFormatException("NumPy archive " + file + " is a ZIP64 archive (or its end record"
                            + " is corrupt); RobustUnit reads .npz files below 4 GiB" + RESAVE);
                }
                if (entries > MAX_ENTRIES) {
                    throw new DataFormatException("NumPy archive " + file + " claims " + entries + " entries (at most "
                            + MAX_ENTRIES + "); is it an .npz file?");
                }
                if (cdOffset + cdSize > endPos) {
                    throw new DataFormatException("NumPy archive " + file + " has a central directory outside the"
                            + " file; it is truncated or corrupt" + RESAVE);
                }
                return;
            }
        }
        throw new DataFormatException(
                "NumPy archive " + file + " has no zip end record; it is truncated or not" + " an .npz file" + RESAVE);
    }

    /** The parsed header. */
    private record Header(
            NpyArray.DType dtype, boolean bigEndian, int itemBytes, int[] shape, long bodyBytes, long headerBytes) {}

    /**
     * Reads one array.
     *
     * @param sizeLimit the stream's total size when known (header included), or -1
     */
    NpyArray read(InputStream in, String name, long sizeLimit) throws IOException {
        Header h = header(in, name);
        if (sizeLimit >= 0 && h.headerBytes + h.bodyBytes != sizeLimit) {
            throw new DataFormatException(
                    "NumPy file " + name + ": its header claims " + Arrays.toString(h.shape) + " x "
                            + h.itemBytes + " bytes = " + h.bodyBytes + " data bytes but the file holds "
                            + (sizeLimit - h.headerBytes) + "; the file is truncated or corrupt" + RESAVE);
        }
        byte[] data = readExactly(in, name, (int) h.bodyBytes, sizeLimit >= 0);
        if (in.read() >= 0) {
            throw new DataFormatException("NumPy file " + name + " has data beyond the " + h.bodyBytes
                    + " bytes its header claims; the file is corrupt" + RESAVE);
        }
        if (h.bigEndian && h.itemBytes > 1) {
            int size = h.dtype == NpyArray.DType.UNICODE ? 4 : h.itemBytes;
            for (int i = 0; i + size <= data.length; i += size) {
                for (int j = 0; j < size / 2; j++) {
                    byte t = data[i + j];
                    data[i + j] = data[i + size - 1 - j];
                    data[i + size - 1 - j] = t;
                }
            }
        }
        return new NpyArray(h.dtype, h.shape, data);
    }

    private Header header(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new DataFormatException("NumPy file " + name + " does not start with the .npy magic"
                    + " bytes \\x93NUMPY; is it a .npy file (np.save)?");
        }
        int major = in.read();
        int minor = in.read();
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataFormatException("NumPy file " + name + " has format version " + major + "." + minor
                    + "; RobustUnit reads versions 1.0, 2.0 and 3.0" + RESAVE);
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) {
            throw new DataFormatException("NumPy file " + name + " is truncated in its header" + RESAVE);
        }
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (len[i] & 0xff);
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new DataFormatException("NumPy file " + name + " claims a header of " + headerLength
                    + " bytes (at most " + MAX_HEADER_BYTES + "); the file is corrupt" + RESAVE);
        }
        byte[] text = in.readNBytes((int) headerLength);
        if (text.length < headerLength) {
            throw new DataFormatException("NumPy file " + name + " is truncated in its header" + RESAVE);
        }
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> fields = new HeaderParser(dict, name).dictionary();
        if (!fields.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new DataFormatException("NumPy file " + name + " has header keys " + fields.keySet()
                    + "; expected exactly descr, fortran_order and shape" + RESAVE);
        }
        if (!(fields.get("descr") instanceof String descr)) {
            throw new DataFormatException("NumPy file " + name + ": descr " + fields.get("descr")
                    + " is not a simple type; structured arrays are not supported: save plain arrays");
        }
        if (!(fields.get("fortran_order") instanceof Boolean fortran)) {
            throw new DataFormatException("NumPy file " + name + ": fortran_order must be True or False");
        }
        if (fortran) {
            throw new DataFormatException("NumPy file " + name + " is in Fortran (column-major) order;"
                    + " save np.ascontiguousarray(x) instead");
        }
        if (!(fields.get("shape") instanceof int[] shape)) {
            throw new DataFormatException("NumPy file " + name + ": shape must be a tuple of sizes");
        }
        if (shape.length == 0 || shape.length > 4) {
            throw new DataFormatException("NumPy file " + name + " holds an array of rank " + shape.length
                    + "; expected 1 to 4 dimensions (labels [N], features [N, F], images [N, H, W],"
                    + " [N, C, H, W] or [N, H, W, C])");
        }
        Type type = type(descr, name);
        long total = type.itemBytes;
        for (int d : shape) {
            total *= d;
            if (total > maxBytes) {
                throw new DataFormatException("NumPy file " + name + " claims more than " + maxBytes
                        + " bytes of data (shape " + Arrays.toString(shape) + ", " + descr
                        + "); the header is corrupt or the file needs a larger cap");
            }
        }
        long headerBytes = MAGIC.length + 2L + lengthBytes + headerLength;
        return new Header(type.dtype, type.bigEndian, type.itemBytes, shape, total, headerBytes);
    }

    private record Type(NpyArray.DType dtype, boolean bigEndian, int itemBytes) {}

    private static Type type(String descr, String name) throws DataFormatException {
        if (descr.length() < 2) {
            throw unsupported(descr, name);
        }
        char order = descr.charAt(0);
        String code = descr.substring(1);
        if (order != '<' && order != '>' && order != '|' && order != '=') {
            order = '=';
            code = descr;
        }
        boolean big = order == '>';
        if (code.startsWith("U")) {
            int chars;
            try {
                chars = Integer.parseInt(code.substring(1));
            } catch (NumberFormatException e) {
                throw unsupported(descr, name);
            }
            if (chars < 1 || chars > 4096) {
                throw unsupported(descr, name);
            }
            return new Type(NpyArray.DType.UNICODE, big, 4 * chars);
        }
        for (NpyArray.DType t : NpyArray.DType.values()) {
            if (t != NpyArray.DType.UNICODE && t.code.equals(code)) {
                return new Type(t, big, t.size);
            }
        }
        throw unsupported(descr, name);
    }

    private static DataFormatException unsupported(String descr, String name) {
        String hint = descr.contains("O") ? " (Python objects: RobustUnit never unpickles; save a numeric array)" : "";
        return new DataFormatException("NumPy file " + name + " has element type '" + descr + "'"
                + hint + "; RobustUnit reads uint8, float32 and float64 images, integer labels and"
                + " string class names");
    }

    private static byte[] readExactly(InputStream in, String name, int total, boolean sizeChecked) throws IOException {
        byte[] data = new byte[sizeChecked ? total : Math.min(total, UNCHECKED_INITIAL_CAPACITY)];
        int off = 0;
        while (off < total) {
            if (off == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(total, 2L * data.length));
            }
            int n = in.read(data, off, data.length - off);
            if (n < 0) {
                throw new DataFormatException("NumPy file " + name + " is truncated: header claims " + total
                        + " data bytes but only " + off + " are present" + RESAVE);
            }
            off += n;
        }
        return data;
    }

    /** A strict parser for the Python dict literal of an {@code .npy} header. */
    private static final class HeaderParser {
        private final String s;
        private final String name;
        private int p;

        HeaderParser(String s, String name) {
            this.s = s;
            this.name = name;
        }

        Map<String, Object> dictionary() throws DataFormatException {
            Map<String, Object> out = new LinkedHashMap<>();
            skip();
            expect('{');
            skip();
            while (peek() != '}') {
                String key = string();
                skip();
                expect(':');
                skip();
                Object value = value();
                if (out.put(key, value) != null) {
                    throw bad("key '" + key + "' appears twice");
                }
                skip();
                if (peek() == ',') {
                    p++;
                    skip();
                } else if (peek() != '}') {
                    throw bad("expected ',' or '}'");
                }
            }
            p++;
            skip();
            if (p != s.length()) {
                throw bad("unexpected text after the dictionary");
            }
            return out;
        }

        private Object value() throws DataFormatException {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (s.startsWith("True", p)) {
                p += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", p)) {
                p += 5;
                return Boolean.FALSE;
            }
            if (c == '[') {
                throw new DataFormatException("NumPy file " + name + " holds a structured array;"
                        + " save each field as its own plain array");
            }
            throw bad("unexpected value");
        }

        private int[] tuple() throws DataFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            skip();
            while (peek() != ')') {
                int start = p;
                while (p < s.length() && Character.isDigit(s.charAt(p))) {
                    p++;
                }
                if (p == start) {
                    throw bad("shape sizes must be whole numbers >= 0");
                }
                if (p < s.length() && s.charAt(p) == 'L') {
                    p++;
                }
                String digits = s.substring(start, p).replace("L", "");
                if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
                    throw new DataFormatException("NumPy file " + name + " has a dimension of " + digits
                            + " (above 2^31 - 1); the header is corrupt" + RESAVE);
                }
                dims.add(Integer.parseInt(digits));
                if (dims.size() > 32) {
                    throw bad("more than 32 dimensions");
                }
                skip();
                if (peek() == ',') {
                    p++;
                    skip();
                } else if (peek() != ')') {
                    throw bad("expected ',' or ')' in the shape");
                }
            }
            p++;
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private String string() throws DataFormatException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw bad("expected a quoted string");
            }
            int end = s.indexOf(quote, p + 1);
            if (end < 0 || end - p > 256) {
                throw bad("unterminated string");
            }
            String value = s.substring(p + 1, end);
            p = end + 1;
            return value;
        }

        private void skip() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }

        private char peek() throws DataFormatException {
            if (p >= s.length()) {
                throw bad("the header ends early");
            }
            return s.charAt(p);
        }

        private void expect(char c) throws DataFormatException {
            if (peek() != c) {
                throw bad("expected '" + c + "'");
            }
            p++;
        }

        private DataFormatException bad(String what) {
            String shown = s.length() > 120 ? s.substring(0, 120) + "..." : s;
            return new DataFormatException("NumPy file " + name + " has a malformed header (" + what
                    + " at character " + p + " of \"" + shown.strip().replace("\n", "\\n")
                    + "\"); the file is corrupt" + RESAVE);
        }
    }
}
