package io.robustunit.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Writes NumPy, CIFAR and image-folder data, well-formed or deliberately not, for tests. */
public final class DataFiles {

    private DataFiles() {}

    /** A version-1.0 {@code .npy} file with numpy's header layout (padded to 64 bytes, newline-terminated). */
    public static byte[] npy(String descr, int[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1
                ? "(" + shape[0] + ",)"
                : "(" + dims.substring(0, Math.max(0, dims.length() - 2)) + ")";
        return npyWithHeader("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }", data);
    }

    /** A {@code .npy} file with any header dictionary text. */
    public static byte[] npyWithHeader(String dict, byte[] data) {
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return concat(b.array(), data);
    }

    public static byte[] uint8(int n, long seed) {
        byte[] v = new byte[n];
        new SplittableRandom(seed).nextBytes(v);
        return v;
    }

    public static byte[] float32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    public static byte[] int64(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    /** Labels {@code 0, 1, ..., classes-1, 0, ...} as int64. */
    public static byte[] cyclingLabels(int n, int classes) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        return int64(y);
    }

    /** An {@code .npz} archive (stored, like {@code np.savez}) of the given arrays. */
    public static byte[] npz(Map<String, byte[]> arrays, boolean compressed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(compressed ? 6 : 0);
            for (Map.Entry<String, byte[]> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code n} CIFAR records (1 label byte for CIFAR-10, coarse+fine for CIFAR-100) with seeded pixels. */
    public static byte[] cifar(int n, boolean hundred, long seed) {
        int labelBytes = hundred ? 2 : 1;
        byte[] out = new byte[n * (labelBytes + 3072)];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int base = i * (labelBytes + 3072);
            if (hundred) {
                out[base] = (byte) (i % 20);
                out[base + 1] = (byte) (i % 100);
            } else {
                out[base] = (byte) (i % 10);
            }
            for (int k = 0; k < 3072; k++) {
                out[base + labelBytes + k] = (byte) r.nextInt(256);
            }
        }
        return out;
    }

    /** An image of {@code w x h} pixels, grey or RGB, with seeded values. */
    public static BufferedImage image(int w, int h, boolean rgb, long seed) {
        BufferedImage img = new BufferedImage(w, h, rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        SplittableRandom r = new SplittableRandom(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (rgb) {
                    img.setRGB(x, y, r.nextInt(1 << 24));
                } else {
                    img.getRaster().setSample(x, y, 0, r.nextInt(256));
                }
            }
        }
        return img;
    }

    /** The bytes of {@code image} encoded as {@code format} ("png", "bmp", "jpg"). */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * An image folder {@code root/class_k/img_i.png} with {@code perClass} images per class.
     *
     * @return root
     */
    public static Path imageFolder(Path root, int classes, int perClass, int w, int h, boolean rgb) {
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                write(
                        root.resolve("class_" + c).resolve("img_" + i + ".png"),
                        encode(image(w, h, rgb, 31L * c + i), "png"));
            }
        }
        return root;
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

    public static byte[] truncate(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, length);
    }
}
