package io.robustunit.data;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * The formats {@link Datasets} reads. {@link #AUTO} detects the format from the path (see
 * {@link Datasets#detect}); any other value overrides the detection.
 */
@API(status = STABLE, since = "0.1")
public enum DataFormat {
    /** Detect the format from the path's name, content and layout. */
    AUTO("auto", "detect the format"),
    /** A folder with {@code t10k-images-idx3-ubyte[.gz]} and {@code t10k-labels-idx1-ubyte[.gz]} (or {@code train-...}). */
    IDX("idx", "IDX files (MNIST family)"),
    /** {@code root/<class name>/<file>.png|jpg|jpeg|bmp}. */
    IMAGE_FOLDER("image-folder", "a folder of class folders of PNG/JPEG/BMP images"),
    /** CIFAR-10 binary batches ({@code data_batch_N.bin}, {@code test_batch.bin}, {@code batches.meta.txt}). */
    CIFAR10("cifar10", "CIFAR-10 binary batches"),
    /** CIFAR-100 binary files ({@code train.bin}, {@code test.bin}, {@code fine_label_names.txt}). */
    CIFAR100("cifar100", "CIFAR-100 binary files"),
    /** NumPy {@code .npy} arrays: images (or features) and labels in two files. */
    NPY("npy", "NumPy .npy arrays (images and labels files)"),
    /** A NumPy {@code .npz} archive holding images (or features) and labels. */
    NPZ("npz", "a NumPy .npz archive");

    private final String id;
    private final String description;

    DataFormat(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used on the command line and in messages, e.g. {@code image-folder}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /**
     * The format named {@code text} ({@code image-folder}, {@code IMAGE_FOLDER}, {@code cifar10}...).
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static DataFormat parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DataFormat f : values()) {
            if (f.id.equals(t)
                    || f.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown data format '" + text + "'; use one of " + ids());
    }

    /** All names, for messages and help texts: {@code auto|idx|image-folder|...}. */
    public static String ids() {
        StringBuilder s = new StringBuilder();
        for (DataFormat f : values()) {
            s.append(s.length() == 0 ? "" : "|").append(f.id);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return id;
    }
}
