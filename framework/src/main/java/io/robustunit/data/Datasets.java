package io.robustunit.data;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.io.Provenance;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * One entry point for evaluation data: detects the format of a file or folder (or takes the one
 * given) and returns {@link LabeledImages} with dataset indices and class names.
 *
 * <table>
 *   <caption>What {@link DataFormat#AUTO} recognises</caption>
 *   <tr><th>path</th><th>format</th></tr>
 *   <tr><td>folder with {@code t10k-images-idx3-ubyte[.gz]} (or {@code train-...})</td><td>IDX</td></tr>
 *   <tr><td>folder with {@code test_batch.bin} / {@code data_batch_1.bin}</td><td>CIFAR-10</td></tr>
 *   <tr><td>folder with {@code test.bin} / {@code train.bin} and 3,074-byte records</td><td>CIFAR-100</td></tr>
 *   <tr><td>{@code .bin} file</td><td>CIFAR-10 or -100 by record size</td></tr>
 *   <tr><td>{@code .npz} file, or a folder with one {@code .npz}</td><td>NPZ</td></tr>
 *   <tr><td>{@code .npy} file, or a folder with {@code .npy} files</td><td>NPY</td></tr>
 *   <tr><td>folder of class folders of images</td><td>image folder</td></tr>
 * </table>
 *
 * <p>Class names come from, in order: the request ({@link DataRequest#withClassNames}), the data
 * (CIFAR's meta files, an image folder's class folders, an {@code .npz} array {@code class_names}),
 * a {@code classes.txt} next to the data (one name per line), and finally {@code "0".."K-1"}. An
 * IDX folder is Fashion-MNIST (its name and class names) only when it is the configured
 * Fashion-MNIST location or its name contains "fashion".
 *
 * <pre>{@code
 * LabeledImages data = Datasets.read(Path.of("src/test/resources/rgb-eval"));       // detected
 * LabeledImages cifar = Datasets.read(Path.of("cifar-10-batches-bin"), DataFormat.CIFAR10);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class Datasets {

    private static final List<String> IMAGE_KEYS = List.of("x", "images", "X", "data", "inputs", "features", "arr_0");
    private static final List<String> LABEL_KEYS = List.of("y", "labels", "Y", "targets", "target", "label", "arr_1");
    private static final List<String> CLASS_NAME_KEYS = List.of("class_names", "classes", "label_names");

    private Datasets() {}

    /** Reads the test split of whatever {@code path} holds, detecting the format. */
    public static LabeledImages read(Path path) throws DataFormatException {
        return read(path, DataRequest.auto());
    }

    /** Reads {@code path} in the given format ({@link DataFormat#AUTO} detects it). */
    public static LabeledImages read(Path path, DataFormat format) throws DataFormatException {
        return read(path, DataRequest.of(format));
    }

    /**
     * Reads {@code path} as the request says and checks the declared shape.
     *
     * @throws DataFormatException naming the file and the fix
     */
    public static LabeledImages read(Path path, DataRequest request) throws DataFormatException {
        if (!Files.exists(path)) {
            throw new DataFormatException("Data path " + path + PathHints.relativeTo(path)
                    + " does not exist; give a data file or folder (" + formatsHelp() + ")");
        }
        DataFormat format = request.format() == DataFormat.AUTO ? detect(path) : request.format();
        LabeledImages data = switch (format) {
            case IDX -> readIdx(path, request);
            case IMAGE_FOLDER -> ImageFolderReader.read(path, request);
            case CIFAR10 -> readCifar(path, CifarReader.Variant.CIFAR10, request);
            case CIFAR100 -> readCifar(path, CifarReader.Variant.CIFAR100, request);
            case NPY -> readNpy(path, request);
            case NPZ -> readNpz(path, request);
            case AUTO -> throw new IllegalStateException("detect never returns AUTO");
        };
        checkShape(data, request, path);
        Provenance.recordData(data.name(), path);
        return data;
    }

    /**
     * The format of {@code path}, from names, magic bytes and layout.
     *
     * @throws DataFormatException listing what was looked for when nothing fits
     */
    public static DataFormat detect(Path path) throws DataFormatException {
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".npz") || NpyReader.isZip(path)) {
                return DataFormat.NPZ;
            }
            if (name.endsWith(".npy") || NpyReader.isNpy(path)) {
                return DataFormat.NPY;
            }
            if (name.endsWith(".bin")) {
                return cifarVariant(path);
            }
            if (name.contains("idx3-ubyte") || name.contains("idx1-ubyte")) {
                return DataFormat.IDX;
            }
            throw new DataFormatException("Cannot tell the format of data file " + path + " from its name"
                    + " or content; give the format explicitly (" + DataFormat.ids() + ")");
        }
        if (!Files.isDirectory(path)) {
            throw new DataFormatException("Data path " + path + " is neither a file nor a folder");
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path p : entries) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new DataFormatException("Cannot list data folder " + path + ": " + e, e);
        }
        if (names.stream().anyMatch(n -> n.matches(".*(t10k|train|test)-images-idx3-ubyte(\\.gz)?"))) {
            return DataFormat.IDX;
        }
        if (names.contains("test_batch.bin")
                || names.contains("data_batch_1.bin")
                || names.contains("batches.meta.txt")) {
            return DataFormat.CIFAR10;
        }
        if (names.contains("test.bin") || names.contains("train.bin")) {
            return names.contains("test.bin")
                    ? cifarVariant(path.resolve("test.bin"))
                    : cifarVariant(path.resolve("train.bin"));
        }
        long npz = names.stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".npz"))
                .count();
        if (npz == 1) {
            return DataFormat.NPZ;
        }
        if (names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).endsWith(".npy"))) {
            return DataFormat.NPY;
        }
        if (!ImageFolderReader.classFolders(path).isEmpty()) {
            return DataFormat.IMAGE_FOLDER;
        }
        throw new DataFormatException("Cannot tell the format of data folder " + path + ": it holds "
                + (names.isEmpty() ? "nothing" : "neither IDX, CIFAR nor NumPy files nor class folders")
                + ". Expected " + formatsHelp());
    }

    static String formatsHelp() {
        return "a folder of class folders of PNG/JPEG/BMP images, IDX files (t10k-images-idx3-ubyte[.gz]),"
                + " CIFAR binary batches (test_batch.bin / test.bin), or NumPy .npy/.npz arrays";
    }

    private static DataFormat cifarVariant(Path file) throws DataFormatException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DataFormatException("Cannot read " + file + ": " + e, e);
        }
        boolean ten = size > 0 && size % CifarReader.Variant.CIFAR10.recordBytes() == 0;
        boolean hundred = size > 0 && size % CifarReader.Variant.CIFAR100.recordBytes() == 0;
        if (ten && !hundred) {
            return DataFormat.CIFAR10;
        }
        if (hundred && !ten) {
            return DataFormat.CIFAR100;
        }
        throw new DataFormatException("Cannot tell whether " + file + " (" + size + " bytes) holds CIFAR-10"
                + " (3,073-byte records) or CIFAR-100 (3,074-byte records)"
                + (ten
                        ? "; give the format explicitly (cifar10 or cifar100)"
                        : "; the file is truncated or" + " not a CIFAR binary batch"));
    }

    private static LabeledImages readCifar(Path path, CifarReader.Variant variant, DataRequest request)
            throws DataFormatException {
        if (Files.isDirectory(path)) {
            return CifarReader.read(path, variant, request);
        }
        Path dir = parent(path);
        String stem = path.getFileName().toString().replaceFirst("\\.bin$", "");
        return CifarReader.read(
                List.of(path),
                variant,
                request,
                request.nameOr(variant.displayName + " " + stem),
                CifarReader.classNames(dir.resolve(variant.metaFile), variant, request));
    }

    // ---------------------------------------------------------------- IDX

    private static LabeledImages readIdx(Path path, DataRequest request) throws DataFormatException {
        Path images;
        Path dir;
        if (Files.isRegularFile(path)) {
            images = path;
            dir = parent(path);
        } else {
            dir = path;
            images = findIdxImages(dir, request.split());
        }
        String imagesName = images.getFileName().toString();
        Path labels = images.resolveSibling(imagesName.replace("images-idx3", "labels-idx1"));
        if (!Files.isRegularFile(labels)) {
            Path other = images.resolveSibling(
                    imagesName.endsWith(".gz")
                            ? labels.getFileName().toString().replaceFirst("\\.gz$", "")
                            : labels.getFileName() + ".gz");
            if (!Files.isRegularFile(other)) {
                throw new IdxFormatException("IDX labels file " + labels + " (or " + other.getFileName()
                        + ") is missing next to " + images.getFileName()
                        + "; an IDX dataset is an images file and a labels file");
            }
            labels = other;
        }
        IdxReader reader = new IdxReader(Math.min(IdxReader.DEFAULT_MAX_BYTES, request.maxValues()));
        IdxArray imageArray = reader.read(images);
        IdxArray labelArray = reader.read(labels);
        boolean fashion = isFashionMnist(dir);
        String split = request.split() == FashionMnist.Split.TEST ? "test" : "train";
        String name = request.nameOr(fashion ? "Fashion-MNIST " + split : folderName(dir) + " " + split);
        int maxLabel = -1;
        for (byte b : labelArray.data()) {
            maxLabel = Math.max(maxLabel, b & 0xff);
        }
        List<String> classes =
                classNames(request, dir, fashion ? FashionMnist.CLASS_NAMES : null, maxLabel, images.toString());
        return LabeledImages.fromIdx(name, imageArray, labelArray, classes, images + " / " + labels.getFileName());
    }

    private static Path findIdxImages(Path dir, FashionMnist.Split split) throws DataFormatException {
        String[] prefixes = split == FashionMnist.Split.TEST ? new String[] {"t10k", "test"} : new String[] {"train"};
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                for (String prefix : prefixes) {
                    if (n.matches("(.*[-_])?" + prefix + "-images-idx3-ubyte(\\.gz)?") && Files.isRegularFile(p)) {
                        found.add(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new IdxFormatException("Cannot list IDX folder " + dir + ": " + e, e);
        }
        found.sort(null);
        if (found.isEmpty()) {
            throw new IdxFormatException("IDX folder " + dir + " holds no " + prefixes[0]
                    + "-images-idx3-ubyte[.gz]; put the " + (split == FashionMnist.Split.TEST ? "test" : "train")
                    + " images and labels files there (MNIST-family names)");
        }
        if (found.size() == 2 && found.get(1).toString().equals(found.get(0) + ".gz")) {
            return found.get(1);
        }
        if (found.size() > 1) {
            throw new IdxFormatException("IDX folder " + dir + " holds several image files for one split "
                    + found.stream().map(p -> p.getFileName().toString()).toList()
                    + "; give the images file itself as the data path");
        }
        return found.get(0);
    }

    /** The configured Fashion-MNIST location, or a folder named like it. */
    static boolean isFashionMnist(Path dir) {
        String name = folderName(dir).toLowerCase(Locale.ROOT);
        if (name.contains("fashion")) {
            return true;
        }
        try {
            return Files.isSameFile(dir, FashionMnist.locate());
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- NumPy

    private static LabeledImages readNpy(Path path, DataRequest request) throws DataFormatException {
        NpyReader reader = new NpyReader(Math.min(NpyReader.DEFAULT_MAX_BYTES, 8 * request.maxValues()));
        Path images;
        Path labels;
        if (Files.isRegularFile(path)) {
            images = path;
            labels = npyPartner(path, reader);
        } else {
            Path[] pair = npyPair(path, request.split(), reader);
            images = pair[0];
            labels = pair[1];
        }
        NpyArray x = reader.read(images);
        NpyArray y = reader.read(labels);
        Path dir = parent(images);
        String stem = images.getFileName().toString().replaceFirst("\\.npy$", "");
        return fromArrays(
                x,
                y,
                null,
                request,
                dir,
                request.nameOr(folderName(dir) + (stem.equals("images") || stem.equals("x") ? "" : " " + stem)),
                images + " / " + labels.getFileName());
    }

    /** The labels file that belongs to an images file: by name, else the only rank-1 array beside it. */
    private static Path npyPartner(Path images, NpyReader reader) throws DataFormatException {
        String n = images.getFileName().toString();
        String[][] swaps = {
            {"images", "labels"},
            {"Images", "Labels"},
            {"x_", "y_"},
            {"X_", "y_"},
            {"inputs", "labels"},
            {"features", "labels"},
            {"data", "labels"},
            {"x.", "y."},
            {"X.", "y."}
        };
        for (String[] s : swaps) {
            if (n.contains(s[0])) {
                Path candidate = images.resolveSibling(n.replace(s[0], s[1]));
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        Path dir = parent(images);
        List<Path> ones = new ArrayList<>();
        for (Path p : npyFiles(dir)) {
            if (!p.equals(images) && reader.shapeOf(p).length == 1) {
                ones.add(p);
            }
        }
        if (ones.size() == 1) {
            return ones.get(0);
        }
        throw new DataFormatException("No labels file for NumPy images " + images + ": save the labels as"
                + " a 1-D integer array next to it, named like the images with 'labels' for 'images' (or"
                + " y_ for x_), e.g. "
                + images.resolveSibling(n.contains("images") ? n.replace("images", "labels") : "labels.npy")
                        .getFileName()
                + (ones.isEmpty()
                        ? ""
                        : "; candidates "
                                + ones.stream()
                                        .map(p -> p.getFileName().toString())
                                        .toList()));
    }

    private static Path[] npyPair(Path dir, FashionMnist.Split split, NpyReader reader) throws DataFormatException {
        List<Path> files = npyFiles(dir);
        if (files.size() > 2) {
            String word = split == FashionMnist.Split.TEST ? "test" : "train";
            List<Path> ofSplit = files.stream()
                    .filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).contains(word))
                    .toList();
            if (ofSplit.size() == 2) {
                files = ofSplit;
            }
        }
        if (files.size() != 2) {
            throw new DataFormatException("NumPy folder " + dir + " holds " + files.size() + " .npy files "
                    + files.stream().map(p -> p.getFileName().toString()).toList()
                    + "; expected an images array and a labels array (or give the images file as the path)");
        }
        int[] a = reader.shapeOf(files.get(0));
        int[] b = reader.shapeOf(files.get(1));
        if (a.length == 1 && b.length > 1) {
            return new Path[] {files.get(1), files.get(0)};
        }
        if (b.length == 1 && a.length > 1) {
            return new Path[] {files.get(0), files.get(1)};
        }
        throw new DataFormatException("NumPy folder " + dir + ": cannot tell images from labels in "
                + files.get(0).getFileName() + " " + Arrays.toString(a) + " and "
                + files.get(1).getFileName()
                + " " + Arrays.toString(b) + "; labels are a 1-D array [N], images [N, ...]");
    }

    private static List<Path> npyFiles(Path dir) throws DataFormatException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy") && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new DataFormatException("Cannot list folder " + dir + ": " + e, e);
        }
        files.sort(null);
        return files;
    }

    private static LabeledImages readNpz(Path path, DataRequest request) throws DataFormatException {
        Path file = path;
        if (Files.isDirectory(path)) {
            List<Path> npz = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*.npz")) {
                entries.forEach(npz::add);
            } catch (IOException e) {
                throw new DataFormatException("Cannot list folder " + path + ": " + e, e);
            }
            if (npz.size() != 1) {
                throw new DataFormatException("Folder " + path + " holds " + npz.size() + " .npz files; give"
                        + " the .npz file itself as the data path");
            }
            file = npz.get(0);
        }
        NpyReader reader = new NpyReader(Math.min(NpyReader.DEFAULT_MAX_BYTES, 8 * request.maxValues()));
        Map<String, NpyArray> arrays = reader.readNpz(file);
        String split = request.split() == FashionMnist.Split.TEST ? "test" : "train";
        String imagesKey = key(arrays, withSplit(IMAGE_KEYS, split), 2);
        String labelsKey = key(arrays, withSplit(LABEL_KEYS, split), 1);
        if (imagesKey == null || labelsKey == null) {
            List<String> many = arrays.entrySet().stream()
                    .filter(e -> e.getValue().shape().length > 1)
                    .map(Map.Entry::getKey)
                    .toList();
            List<String> one = arrays.entrySet().stream()
                    .filter(e ->
                            e.getValue().shape().length == 1 && e.getValue().dtype().integer)
                    .map(Map.Entry::getKey)
                    .toList();
            if (imagesKey == null && many.size() == 1) {
                imagesKey = many.get(0);
            }
            if (labelsKey == null && one.size() == 1) {
                labelsKey = one.get(0);
            }
        }
        if (imagesKey == null || labelsKey == null) {
            throw new DataFormatException("NumPy archive " + file + " holds arrays " + describe(arrays)
                    + "; RobustUnit needs images (named x or images) and labels (named y or labels):"
                    + " np.savez(path, x=images, y=labels)");
        }
        List<String> names = null;
        for (String k : CLASS_NAME_KEYS) {
            if (arrays.containsKey(k)) {
                names = arrays.get(k).toStrings(file + " (array '" + k + "')");
                break;
            }
        }
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.npz$", "");
        return fromArrays(
                arrays.get(imagesKey),
                arrays.get(labelsKey),
                names,
                request,
                parent(file),
                request.nameOr(stem),
                file + " (arrays '" + imagesKey + "', '" + labelsKey + "')");
    }

    private static List<String> withSplit(List<String> keys, String split) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            out.add(k + "_" + split);
        }
        out.addAll(keys);
        return out;
    }

    private static String key(Map<String, NpyArray> arrays, List<String> candidates, int minRank) {
        for (String k : candidates) {
            NpyArray a = arrays.get(k);
            if (a != null && (minRank == 1 ? a.shape().length <= 2 : a.shape().length >= 2)) {
                return k;
            }
        }
        return null;
    }

    private static String describe(Map<String, NpyArray> arrays) {
        List<String> out = new ArrayList<>();
        arrays.forEach((k, v) -> out.add(k + " " + v.describe() + Arrays.toString(v.shape())));
        return out.toString();
    }

    /** Images (or features) and labels arrays to a dataset, in NCHW order. */
    static LabeledImages fromArrays(
            NpyArray x, NpyArray y, List<String> namesInData, DataRequest request, Path dir, String name, String source)
            throws DataFormatException {
        int[] xs = x.shape();
        int[] ys = y.shape();
        if (ys.length == 2 && ys[1] == 1) {
            ys = new int[] {ys[0]};
        }
        if (ys.length != 1) {
            throw new DataFormatException(source + ": labels have shape " + Arrays.toString(y.shape())
                    + "; expected one class index per sample, shape [N] (not one-hot: use y.argmax(1))");
        }
        if (xs.length < 2) {
            throw new DataFormatException(source + ": images have shape " + Arrays.toString(xs)
                    + "; expected [N, F] features, [N, H, W], [N, C, H, W] or [N, H, W, C]");
        }
        if (xs[0] != ys[0]) {
            throw new DataFormatException(
                    source + ": " + xs[0] + " images but " + ys[0] + " labels; the two arrays do not belong together");
        }
        for (int i = 1; i < xs.length; i++) {
            if (xs[i] < 1) {
                throw new DataFormatException(source + ": images have an empty dimension " + Arrays.toString(xs));
            }
        }
        if (x.count() > request.maxValues()) {
            throw new DataFormatException(
                    source + ": " + x.count() + " values, more than the cap of " + request.maxValues());
        }
        float[] values = x.toPixels(source);
        int[] shape;
        if (xs.length == 2) {
            shape = new int[] {xs[1]};
        } else if (xs.length == 3) {
            shape = new int[] {1, xs[1], xs[2]};
        } else if (nhwc(xs, request)) {
            shape = new int[] {xs[3], xs[1], xs[2]};
            values = toNchw(values, xs[0], xs[1], xs[2], xs[3]);
        } else {
            shape = new int[] {xs[1], xs[2], xs[3]};
        }
        int[] labels = y.toLabels(source);
        int maxLabel = Arrays.stream(labels).max().orElse(-1);
        List<String> classes = request.classNames().isEmpty() && namesInData != null
                ? namesInData
                : classNames(request, dir, null, maxLabel, source);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes.size()) {
                throw new DataFormatException(source + ": label " + labels[i] + " of sample " + i
                        + " is outside the " + classes.size() + " classes " + abbreviate(classes)
                        + "; fix the labels or the class names");
            }
        }
        return LabeledImages.of(name, shape, classes, values, labels, null);
    }

    private static boolean nhwc(int[] xs, DataRequest request) {
        return switch (request.layout()) {
            case NHWC -> true;
            case NCHW -> false;
            case AUTO -> {
                if (request.hasImageShape() && request.imageShape().length == 3) {
                    int[] d = request.imageShape();
                    boolean asNchw = xs[1] == d[0] && xs[2] == d[1] && xs[3] == d[2];
                    boolean asNhwc = xs[3] == d[0] && xs[1] == d[1] && xs[2] == d[2];
                    if (asNchw != asNhwc) {
                        yield asNhwc;
                    }
                }
                boolean channelsLast = xs[3] == 1 || xs[3] == 3 || xs[3] == 4;
                boolean channelsFirst = xs[1] == 1 || xs[1] == 3 || xs[1] == 4;
                yield channelsLast && !channelsFirst;
            }
        };
    }

    private static float[] toNchw(float[] v, int n, int h, int w, int c) {
        float[] out = new float[v.length];
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int base = i * plane * c;
            for (int p = 0; p < plane; p++) {
                for (int k = 0; k < c; k++) {
                    out[base + k * plane + p] = v[base + p * c + k];
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- shared

    /** Declared names, else {@code known}, else {@code classes.txt}, else {@code "0".."K-1"}. */
    static List<String> classNames(DataRequest request, Path dir, List<String> known, int maxLabel, String source)
            throws DataFormatException {
        if (!request.classNames().isEmpty()) {
            return request.classNames();
        }
        if (known != null) {
            return known;
        }
        Path file = dir.resolve(ClassNames.FILE);
        if (Files.isRegularFile(file)) {
            List<String> names = ClassNames.readLines(file, ClassNames.MAX_BYTES);
            if (names.size() < 2) {
                throw new DataFormatException("Class-name file " + file + " names " + names.size()
                        + " class(es); a classifier needs at least two, one name per line");
            }
            return names;
        }
        if (maxLabel >= MAX_NUMBERED_CLASSES) {
            throw new DataFormatException(source + ": the largest label is " + maxLabel + "; without class names"
                    + " RobustUnit numbers at most " + MAX_NUMBERED_CLASSES + " classes: fix the labels or declare"
                    + " the class names (classes.txt, @EvaluationData classes)");
        }
        return ClassNames.numbered(Math.max(2, maxLabel + 1));
    }

    /** Most classes named {@code "0".."K-1"} from the labels alone (a corrupt label must not name a billion). */
    static final int MAX_NUMBERED_CLASSES = 100_000;

    private static void checkShape(LabeledImages data, DataRequest request, Path path) throws DataFormatException {
        if (!request.hasImageShape()) {
            return;
        }
        long[] actual = data.imageShape().getShape();
        int[] declared = request.imageShape();
        if (!Arrays.equals(Arrays.stream(declared).asLongStream().toArray(), actual)) {
            throw new DataFormatException("Data " + path + " holds items of shape " + Arrays.toString(actual)
                    + " but " + Arrays.toString(declared) + " is declared; change the declaration (the model's"
                    + " input shape: --channels/--size, @TrainedModel inputShape) or convert the data");
        }
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 12 ? names.toString() : names.subList(0, 12) + "...";
    }

    private static Path parent(Path p) {
        Path abs = p.toAbsolutePath();
        return abs.getParent() == null ? abs : abs.getParent();
    }

    private static String folderName(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }
}
