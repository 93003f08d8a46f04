package io.robustunit.data;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.NativeArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * An immutable, in-memory set of labelled images, each remembering its index in the source
 * dataset so that per-sample results from different subsets or shards can be merged.
 *
 * <p>Images are float32 in NCHW order. Subsets are deterministic: {@link #first(int)} and
 * {@link #stratified(int, long)} give the same samples for the same arguments on every machine.
 *
 * <pre>{@code
 * LabeledImages test = FashionMnist.test().stratified(1000, 42);
 * try (NDManager m = NDManager.newBaseManager(); Batch b = test.batch(m, 0, 200)) { ... }
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class LabeledImages {

    private final String name;
    private final int[] itemShape;
    private final int itemSize;
    private final List<String> classNames;
    private final float[] pixels;
    private final int[] labels;
    private final int[] indices;

    private LabeledImages(
            String name, int[] itemShape, List<String> classNames, float[] pixels, int[] labels, int[] indices) {
        this.name = name;
        this.itemShape = itemShape;
        this.itemSize = Math.toIntExact(product(itemShape));
        this.classNames = classNames;
        this.pixels = pixels;
        this.labels = labels;
        this.indices = indices;
    }

    /**
     * Creates a dataset from raw values. Arrays are copied.
     *
     * @param name a human-readable name used in reports ("Fashion-MNIST test")
     * @param shape the shape of one image, {@code [C, H, W]}, or {@code [F]} for feature vectors
     * @param classNames one name per class; labels must lie in {@code [0, classNames.size())}
     * @param pixels {@code labels.length * C * H * W} values
     * @param labels one label per image
     * @param indices each image's index in the source dataset, or null for {@code 0..n-1}
     */
    public static LabeledImages of(
            String name, int[] shape, List<String> classNames, float[] pixels, int[] labels, int[] indices) {
        Objects.requireNonNull(name, "name");
        if ((shape.length != 3 && shape.length != 1) || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(
                    "image shape must be [C, H, W] (or [F] for feature vectors) with positive sizes, was "
                            + Arrays.toString(shape));
        }
        int n = labels.length;
        long item = product(shape);
        if (pixels.length != n * item) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel values do not make " + n
                    + " images of shape " + Arrays.toString(shape));
        }
        if (indices != null && indices.length != n) {
            throw new IllegalArgumentException(name + ": " + indices.length + " indices for " + n + " images");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i + " is outside [0, "
                        + classNames.size() + ")");
            }
        }
        int[] idx = indices == null ? range(n) : indices.clone();
        return new LabeledImages(
                name, shape.clone(), ClassNames.immutable(classNames), pixels.clone(), labels.clone(), idx);
    }

    /**
     * Creates a dataset from an images IDX array {@code [N, H, W]} (or {@code [N, C, H, W]}) and a
     * labels IDX array {@code [N]}; bytes are scaled to [0, 1].
     *
     * @throws IdxFormatException if the two do not match
     */
    public static LabeledImages fromIdx(
            String name, IdxArray images, IdxArray labels, List<String> classNames, String source)
            throws IdxFormatException {
        int[] d = images.dimensions();
        if (d.length != 3 && d.length != 4) {
            throw new IdxFormatException(source + ": images must have 3 or 4 dimensions, found " + Arrays.toString(d));
        }
        if (labels.dimensions().length != 1) {
            throw new IdxFormatException(
                    source + ": labels must have 1 dimension, found " + Arrays.toString(labels.dimensions()));
        }
        if (images.count() != labels.count()) {
            throw new IdxFormatException(source + ": " + images.count() + " images but " + labels.count()
                    + " labels; the image and label files do not belong together");
        }
        int[] shape = d.length == 3 ? new int[] {1, d[1], d[2]} : new int[] {d[1], d[2], d[3]};
        if (shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
            throw new IdxFormatException(source + ": images have an empty dimension " + Arrays.toString(d)
                    + "; each image needs at least one channel, row and column");
        }
        byte[] raw = images.data();
        float[] px = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            px[i] = (raw[i] & 0xff) / 255f;
        }
        byte[] rawLabels = labels.data();
        int[] y = new int[rawLabels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = rawLabels[i] & 0xff;
            if (y[i] >= classNames.size()) {
                throw new IdxFormatException(
                        source + ": label " + y[i] + " at index " + i + " is outside [0, " + classNames.size() + ")");
            }
        }
        return new LabeledImages(name, shape, ClassNames.immutable(classNames), px, y, range(y.length));
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    /** Shape of one image, {@code [C, H, W]} (or {@code [F]} for feature vectors). */
    public Shape imageShape() {
        return new Shape(Arrays.stream(itemShape).asLongStream().toArray());
    }

    /** Whether the items are images {@code [C, H, W]} rather than feature vectors {@code [F]}. */
    public boolean isImages() {
        return itemShape.length == 3;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Label of the {@code i}-th image of this set. */
    public int label(int i) {
        return labels[i];
    }

    /** Index in the source dataset of the {@code i}-th image of this set. */
    public int datasetIndex(int i) {
        return indices[i];
    }

    /** Values of the {@code i}-th image, {@code C*H*W} floats (a copy). */
    public float[] image(int i) {
        return Arrays.copyOfRange(pixels, i * itemSize, (i + 1) * itemSize);
    }

    /** The first {@code n} images (all if fewer). */
    public LabeledImages first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + n);
        }
        return select(range(Math.min(n, size())), name);
    }

    /**
     * A seeded, class-stratified subset of {@code n} images: each class contributes in proportion
     * to its share (largest remainders break ties), images drawn without replacement. The result is
     * ordered by dataset index.
     */
    public LabeledImages stratified(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + n);
        }
        if (n >= size()) {
            return this;
        }
        int k = numClasses();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < size(); i++) {
            byClass.get(labels[i]).add(i);
        }
        int[] quota = new int[k];
        double[] remainder = new double[k];
        int assigned = 0;
        for (int c = 0; c < k; c++) {
            double exact = (double) n * byClass.get(c).size() / size();
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }
        while (assigned < n) {
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (quota[c] < byClass.get(c).size() && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            assigned++;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] chosen = new int[n];
        int p = 0;
        for (int c = 0; c < k; c++) {
            List<Integer> members = byClass.get(c);
            int[] pool = members.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < quota[c]; i++) {
                int j = i + random.nextInt(pool.length - i);
                int tmp = pool[i];
                pool[i] = pool[j];
                pool[j] = tmp;
                chosen[p++] = pool[i];
            }
        }
        Arrays.sort(chosen);
        return select(chosen, name);
    }

    /**
     * Shard {@code shard} of {@code count}: every image whose position modulo {@code count} is
     * {@code shard}. Shards are disjoint and together cover the set.
     */
    public LabeledImages shard(int shard, int count) {
        if (count < 1 || shard < 0 || shard >= count) {
            throw new IllegalArgumentException(
                    "shard must be in [0, count) with count >= 1, was " + shard + " of " + count);
        }
        int[] positions = new int[(size() - shard + count - 1) / count];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = shard + i * count;
        }
        return select(positions, name);
    }

    /** The images at the given positions of this set, in that order. */
    public LabeledImages select(int[] positions, String newName) {
        int item = itemSize;
        float[] px = new float[positions.length * item];
        int[] y = new int[positions.length];
        int[] idx = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            int src = positions[i];
            Objects.checkIndex(src, size());
            System.arraycopy(pixels, src * item, px, i * item, item);
            y[i] = labels[src];
            idx[i] = indices[src];
        }
        return new LabeledImages(newName, itemShape, classNames, px, y, idx);
    }

    /**
     * Images {@code [from, to)} as a batch attached to {@code manager}: images float32
     * {@code [B, C, H, W]}, labels int32 {@code [B]}.
     */
    public Batch batch(NDManager manager, int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        float[] px = Arrays.copyOfRange(pixels, from * itemSize, to * itemSize);
        NDArray x = NativeArrays.floats(manager, px, new Shape(to - from).addAll(imageShape()));
        NDArray y = manager.create(Arrays.copyOfRange(labels, from, to));
        return new Batch(x, y, Arrays.copyOfRange(indices, from, to), from);
    }

    /**
     * The same images under another name and class list (for data whose classes the reader could
     * not know, e.g. an IDX folder that is not Fashion-MNIST).
     *
     * @throws IllegalArgumentException if a label is outside the new class list
     */
    public LabeledImages renamed(String newName, List<String> newClassNames) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= newClassNames.size()) {
                throw new IllegalArgumentException(newName + ": label " + labels[i] + " of image " + i
                        + " is outside the " + newClassNames.size() + " declared classes " + newClassNames);
            }
        }
        return new LabeledImages(newName, itemShape, List.copyOf(newClassNames), pixels, labels, indices);
    }

    /** Smallest and largest value over all images, {@code [min, max]} ({@code [0, 0]} when empty). */
    public float[] valueRange() {
        if (pixels.length == 0) {
            return new float[] {0f, 0f};
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : pixels) {
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        return new float[] {lo, hi};
    }

    private static long product(int[] shape) {
        long p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images " + imageShape() + ", " + numClasses() + " classes)";
    }
}
