package io.robustunit.data;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Reads CIFAR-10 and CIFAR-100 binary batches (the "binary version" from the CIFAR page).
 *
 * <ul>
 *   <li>CIFAR-10: records of 1 label byte and 3,072 pixel bytes (red, green, blue 32x32 planes) in
 *       {@code data_batch_1.bin} ... {@code data_batch_5.bin} and {@code test_batch.bin}; class names
 *       in {@code batches.meta.txt}.
 *   <li>CIFAR-100: records of a coarse and a fine label byte and 3,072 pixel bytes in
 *       {@code train.bin} and {@code test.bin}; the fine labels (100 classes) are used, named by
 *       {@code fine_label_names.txt}.
 * </ul>
 *
 * Pixels are scaled to [0, 1]. Each file's length is checked against the record size before
 * anything is allocated; labels are checked against the class count.
 */
@API(status = INTERNAL, since = "0.1")
public final class CifarReader {

    static final int PIXELS = 3 * 32 * 32;

    /** CIFAR-10's class names, by label (as in {@code batches.meta.txt}). */
    public static final List<String> CIFAR10_CLASSES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    /** CIFAR-100's fine class names, by label (as in {@code fine_label_names.txt}). */
    public static final List<String> CIFAR100_CLASSES = List.of(
            "apple",
            "aquarium_fish",
            "baby",
            "bear",
            "beaver",
            "bed",
            "bee",
            "beetle",
            "bicycle",
            "bottle",
            "bowl",
            "boy",
            "bridge",
            "bus",
            "butterfly",
            "camel",
            "can",
            "castle",
            "caterpillar",
            "cattle",
            "chair",
            "chimpanzee",
            "clock",
            "cloud",
            "cockroach",
            "couch",
            "crab",
            "crocodile",
            "cup",
            "dinosaur",
            "dolphin",
            "elephant",
            "flatfish",
            "forest",
            "fox",
            "girl",
            "hamster",
            "house",
            "kangaroo",
            "keyboard",
            "lamp",
            "lawn_mower",
            "leopard",
            "lion",
            "lizard",
            "lobster",
            "man",
            "maple_tree",
            "motorcycle",
            "mountain",
            "mouse",
            "mushroom",
            "oak_tree",
            "orange",
            "orchid",
            "otter",
            "palm_tree",
            "pear",
            "pickup_truck",
            "pine_tree",
            "plain",
            "plate",
            "poppy",
            "porcupine",
            "possum",
            "rabbit",
            "raccoon",
            "ray",
            "road",
            "rocket",
            "rose",
            "sea",
            "seal",
            "shark",
            "shrew",
            "skunk",
            "skyscraper",
            "snail",
            "snake",
            "spider",
            "squirrel",
            "streetcar",
            "sunflower",
            "sweet_pepper",
            "table",
            "tank",
            "telephone",
            "television",
            "tiger",
            "tractor",
            "train",
            "trout",
            "tulip",
            "turtle",
            "wardrobe",
            "whale",
            "willow_tree",
            "wolf",
            "woman",
            "worm");

    private static final long MAX_META_BYTES = 1 << 16;

    private static final String REDOWNLOAD = "; re-download the CIFAR binary version";

    private CifarReader() {}

    /** Which of the two datasets. */
    public enum Variant {
        CIFAR10(1, "test_batch.bin", "batches.meta.txt", CIFAR10_CLASSES, "CIFAR-10"),
        CIFAR100(2, "test.bin", "fine_label_names.txt", CIFAR100_CLASSES, "CIFAR-100");

        final int labelBytes;
        final String testFile;
        final String metaFile;
        final List<String> classes;
        final String displayName;

        Variant(int labelBytes, String testFile, String metaFile, List<String> classes, String displayName) {
            this.labelBytes = labelBytes;
            this.testFile = testFile;
            this.metaFile = metaFile;
            this.classes = classes;
            this.displayName = displayName;
        }

        /** Bytes per record: label byte(s) and 3,072 pixels. */
        public int recordBytes() {
            return labelBytes + PIXELS;
        }

        /** The files of a split in {@code dir}. */
        List<Path> files(Path dir, FashionMnist.Split split) {
            if (split == FashionMnist.Split.TEST) {
                return List.of(dir.resolve(testFile));
            }
            if (this == CIFAR100) {
                return List.of(dir.resolve("train.bin"));
            }
            List<Path> files = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                files.add(dir.resolve("data_batch_" + i + ".bin"));
            }
            return files;
        }
    }

    /**
     * Reads one split from a folder, with the class names from its meta file (or the standard ones).
     *
     * @throws DataFormatException naming the missing or malformed file
     */
    public static LabeledImages read(Path dir, Variant variant, DataRequest request) throws DataFormatException {
        List<Path> files = variant.files(dir, request.split());
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new DataFormatException(variant.displayName + " file " + f + " is missing in " + dir
                        + "; a " + variant.displayName + " folder holds "
                        + (variant == Variant.CIFAR10
                                ? "data_batch_1.bin ... data_batch_5.bin and test_batch.bin"
                                : "train.bin and test.bin")
                        + " (the binary version)" + REDOWNLOAD);
            }
        }
        String split = request.split() == FashionMnist.Split.TEST ? "test" : "train";
        return read(
                files,
                variant,
                request,
                request.nameOr(variant.displayName + " " + split),
                classNames(dir.resolve(variant.metaFile), variant, request));
    }

    /**
     * Reads batch files into one dataset; dataset indices run across the files in order.
     *
     * @throws DataFormatException naming the file that is truncated or holds a bad label
     */
    public static LabeledImages read(
            List<Path> files, Variant variant, DataRequest request, String name, List<String> classNames)
            throws DataFormatException {
        int record = variant.recordBytes();
        long total = 0;
        for (Path f : files) {
            long size = size(f);
            if (size == 0 || size % record != 0) {
                throw new DataFormatException(variant.displayName + " file " + f + " holds " + size
                        + " bytes, not a whole number of " + record + "-byte records ("
                        + variant.labelBytes + " label byte" + (variant.labelBytes > 1 ? "s" : "")
                        + " + 3,072 pixels); the file is truncated or not " + variant.displayName
                        + (variant == Variant.CIFAR10
                                ? " (CIFAR-100 records have 3,074 bytes: use format cifar100)"
                                : " (CIFAR-10 records have 3,073 bytes: use format cifar10)")
                        + REDOWNLOAD);
            }
            total += size / record;
        }
        if (total * PIXELS > request.maxValues()) {
            throw new DataFormatException(variant.displayName + " files " + files + " hold " + total
                    + " images, more than the cap of " + request.maxValues() + " values allows");
        }
        if (request.hasImageShape()) {
            int[] s = request.imageShape();
            if (s.length != 3 || s[0] != 3 || s[1] != 32 || s[2] != 32) {
                throw new DataFormatException(variant.displayName + " images are 3x32x32 but the"
                        + " declaration says " + java.util.Arrays.toString(s)
                        + "; declare (3, 32, 32) or use other data");
            }
        }
        int n = (int) total;
        float[] pixels = new float[n * PIXELS];
        int[] labels = new int[n];
        byte[] buffer = new byte[record];
        int i = 0;
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                long count = Files.size(f) / record;
                for (long r = 0; r < count; r++, i++) {
                    if (in.readNBytes(buffer, 0, record) != record) {
                        throw new DataFormatException(variant.displayName + " file " + f
                                + " changed while it was read (record " + r + " is short)");
                    }
                    int label = buffer[variant.labelBytes - 1] & 0xff;
                    if (label >= classNames.size()) {
                        throw new DataFormatException(variant.displayName + " file " + f + ": record "
                                + r + " has label " + label + ", outside the " + classNames.size()
                                + " classes; the file is corrupt or not " + variant.displayName
                                + REDOWNLOAD);
                    }
                    if (variant == Variant.CIFAR100 && (buffer[0] & 0xff) >= 20) {
                        throw new DataFormatException(variant.displayName + " file " + f + ": record "
                                + r + " has coarse label " + (buffer[0] & 0xff)
                                + ", outside the 20 superclasses; the file is corrupt" + REDOWNLOAD);
                    }
                    labels[i] = label;
                    int base = i * PIXELS;
                    for (int k = 0; k < PIXELS; k++) {
                        pixels[base + k] = (buffer[variant.labelBytes + k] & 0xff) / 255f;
                    }
                }
            } catch (DataFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new DataFormatException("Cannot read " + variant.displayName + " file " + f + ": " + e, e);
            }
        }
        return LabeledImages.of(name, new int[] {3, 32, 32}, classNames, pixels, labels, null);
    }

    /** The declared names, else the meta file's, else the standard ones. */
    static List<String> classNames(Path metaFile, Variant variant, DataRequest request) throws DataFormatException {
        if (!request.classNames().isEmpty()) {
            return request.classNames();
        }
        if (!Files.isRegularFile(metaFile)) {
            return variant.classes;
        }
        List<String> names = ClassNames.readLines(metaFile, MAX_META_BYTES);
        if (names.size() != variant.classes.size()) {
            throw new DataFormatException(variant.displayName + " meta file " + metaFile + " names "
                    + names.size() + " classes, expected " + variant.classes.size()
                    + " (one name per line); fix or delete it to use the standard names");
        }
        return names;
    }

    private static long size(Path f) throws DataFormatException {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new DataFormatException("Cannot read file " + f + ": " + e, e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
