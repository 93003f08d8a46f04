package io.robustunit.data;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What to read and what the data must look like: format (or {@link DataFormat#AUTO}), split, class
 * names, the declared image shape, the array layout of NumPy data, and a size cap. Immutable; each
 * {@code with...} returns a copy.
 *
 * <pre>{@code
 * LabeledImages rgb = Datasets.read(Path.of("eval-images"),
 *         DataRequest.auto().withImageShape(3, 32, 32));           // image folder, checked size
 * LabeledImages mnist = Datasets.read(Path.of("mnist"),
 *         DataRequest.of(DataFormat.IDX).withName("MNIST test").withClassNames(digits));
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class DataRequest {

    /** How NumPy image arrays are laid out. */
    public enum Layout {
        /** {@code [N, C, H, W]} unless only {@code [N, H, W, C]} fits a channel count of 1, 3 or 4. */
        AUTO,
        /** {@code [N, C, H, W]} (PyTorch). */
        NCHW,
        /** {@code [N, H, W, C]} (TensorFlow, PIL, OpenCV). */
        NHWC
    }

    /** Default cap on the values read: 2^28 floats (1 GiB in memory). */
    public static final long DEFAULT_MAX_VALUES = 1L << 28;

    private static final int[] ANY_SHAPE = new int[0];

    private final DataFormat format;
    private final FashionMnist.Split split;
    private final List<String> classNames;
    private final int[] imageShape;
    private final Layout layout;
    private final String name;
    private final long maxValues;

    private DataRequest(
            DataFormat format,
            FashionMnist.Split split,
            List<String> classNames,
            int[] imageShape,
            Layout layout,
            String name,
            long maxValues) {
        this.format = Objects.requireNonNull(format, "format");
        this.split = Objects.requireNonNull(split, "split");
        this.classNames = List.copyOf(classNames);
        this.imageShape = imageShape.clone();
        this.layout = Objects.requireNonNull(layout, "layout");
        this.name = name;
        this.maxValues = maxValues;
    }

    /** Detect the format; the test split; everything else from the data. */
    public static DataRequest auto() {
        return of(DataFormat.AUTO);
    }

    /** The given format (or AUTO); the test split; everything else from the data. */
    public static DataRequest of(DataFormat format) {
        return new DataRequest(
                format, FashionMnist.Split.TEST, List.of(), ANY_SHAPE, Layout.AUTO, null, DEFAULT_MAX_VALUES);
    }

    public DataRequest withFormat(DataFormat newFormat) {
        return new DataRequest(newFormat, split, classNames, imageShape, layout, name, maxValues);
    }

    /** Which split of a dataset that has two (IDX, CIFAR); ignored by single-split formats. */
    public DataRequest withSplit(FashionMnist.Split newSplit) {
        return new DataRequest(format, newSplit, classNames, imageShape, layout, name, maxValues);
    }

    /**
     * The class names by label. For an image folder they also select and order the class folders;
     * for other formats they replace the names the data holds (or the generic {@code "0".."K-1"}).
     */
    public DataRequest withClassNames(List<String> names) {
        if (names.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw new IllegalArgumentException("class names must not be blank, were " + names);
        }
        if (names.size() == 1) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, was " + names);
        }
        return new DataRequest(format, split, names, imageShape, layout, name, maxValues);
    }

    /**
     * The declared shape of one item: {@code (C, H, W)} for images, {@code (F)} for feature vectors.
     * Every item must have it (an image folder converts grey to RGB for {@code C = 3}).
     */
    public DataRequest withImageShape(int... shape) {
        if ((shape.length != 3 && shape.length != 1) || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(
                    "image shape must be (C, H, W) or (F) with positive sizes, was " + Arrays.toString(shape));
        }
        if (shape.length == 3 && shape[0] != 1 && shape[0] != 3) {
            throw new IllegalArgumentException("images have 1 (grey) or 3 (RGB) channels, was " + shape[0]);
        }
        return new DataRequest(format, split, classNames, shape, layout, name, maxValues);
    }

    public DataRequest withLayout(Layout newLayout) {
        return new DataRequest(format, split, classNames, imageShape, newLayout, name, maxValues);
    }

    /** The name shown in reports (default: derived from the path and split). */
    public DataRequest withName(String newName) {
        return new DataRequest(
                format,
                split,
                classNames,
                imageShape,
                layout,
                newName == null || newName.isBlank() ? null : newName,
                maxValues);
    }

    /** Refuse data of more than {@code max} values (checked before anything large is allocated). */
    public DataRequest withMaxValues(long max) {
        if (max < 1 || max > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxValues must be in [1, " + (Integer.MAX_VALUE - 8) + "], was " + max);
        }
        return new DataRequest(format, split, classNames, imageShape, layout, name, max);
    }

    public DataFormat format() {
        return format;
    }

    public FashionMnist.Split split() {
        return split;
    }

    /** Declared class names, empty when they come from the data. */
    public List<String> classNames() {
        return classNames;
    }

    /** Declared item shape, empty when it comes from the data. */
    public int[] imageShape() {
        return imageShape.clone();
    }

    public boolean hasImageShape() {
        return imageShape.length > 0;
    }

    public Layout layout() {
        return layout;
    }

    /** Declared name, or null. */
    public String name() {
        return name;
    }

    public long maxValues() {
        return maxValues;
    }

    /** The declared name, or {@code fallback}. */
    String nameOr(String fallback) {
        return name != null ? name : fallback;
    }

    @Override
    public String toString() {
        return "format " + format + ", split " + split
                + (classNames.isEmpty() ? "" : ", classes " + classNames)
                + (hasImageShape() ? ", shape " + Arrays.toString(imageShape) : "")
                + (layout == Layout.AUTO ? "" : ", layout " + layout)
                + (name == null ? "" : ", name " + name);
    }
}
