package io.robustunit.data;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.io.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Fashion-MNIST (Zalando Research, MIT licence) from local IDX files. Nothing is downloaded.
 *
 * <p>The directory is, in order: the system property {@value #DIR_PROPERTY}, the environment
 * variable {@value #DIR_ENV}, then {@value #DEBIAN_DIR} (installed by Debian's
 * {@code dataset-fashion-mnist} package).
 *
 * <pre>{@code
 * LabeledImages test = FashionMnist.test();                        // 10,000 images
 * LabeledImages small = FashionMnist.load(dir, Split.TEST).first(1000);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class FashionMnist {

    public static final String DIR_PROPERTY = "robustunit.fashionMnist.dir";
    public static final String DIR_ENV = "ROBUSTUNIT_FASHION_MNIST_DIR";
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

    /** The ten class names, by label. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Which part of the dataset. */
    public enum Split {
        TRAIN("train", "Fashion-MNIST train"),
        TEST("t10k", "Fashion-MNIST test");

        private final String prefix;
        private final String displayName;

        Split(String prefix, String displayName) {
            this.prefix = prefix;
            this.displayName = displayName;
        }
    }

    private FashionMnist() {}

    /** The full test split (10,000 images) from the configured directory. */
    public static LabeledImages test() throws IdxFormatException {
        return load(locate(), Split.TEST);
    }

    /** The full training split (60,000 images) from the configured directory. */
    public static LabeledImages train() throws IdxFormatException {
        return load(locate(), Split.TRAIN);
    }

    /**
     * Finds the dataset directory.
     *
     * @throws IdxFormatException saying how to install or point to the data
     */
    public static Path locate() throws IdxFormatException {
        String configured = System.getProperty(DIR_PROPERTY);
        String origin = "system property " + DIR_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIR_ENV);
            origin = "environment variable " + DIR_ENV;
        }
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (!Files.isDirectory(dir)) {
                throw new IdxFormatException(
                        "Fashion-MNIST directory " + dir + PathHints.relativeTo(dir) + " (from " + origin
                                + ") does not exist. Point it at a folder holding"
                                + " t10k-images-idx3-ubyte.gz etc., or unset it to use "
                                + DEBIAN_DIR + ".");
            }
            return dir;
        }
        Path debian = Path.of(DEBIAN_DIR);
        if (Files.isDirectory(debian)) {
            return debian;
        }
        throw new IdxFormatException("Fashion-MNIST not found: " + DEBIAN_DIR + " does not exist and neither "
                + DIR_PROPERTY + " nor " + DIR_ENV + " is set. Install it with"
                + " 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), or set "
                + DIR_ENV + " to a folder with the four IDX files"
                + " (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]).");
    }

    /**
     * Loads one split from {@code dir}, accepting {@code .gz} or raw files.
     *
     * @throws IdxFormatException if a file is missing, corrupt, or images and labels disagree
     */
    public static LabeledImages load(Path dir, Split split) throws IdxFormatException {
        return load(dir, split, new IdxReader());
    }

    static LabeledImages load(Path dir, Split split, IdxReader reader) throws IdxFormatException {
        if (!Files.isDirectory(dir)) {
            throw new IdxFormatException("Fashion-MNIST directory " + dir + PathHints.relativeTo(dir)
                    + " does not exist. Install Debian's"
                    + " dataset-fashion-mnist or pass a folder with the IDX files.");
        }
        Path images = find(dir, split.prefix + "-images-idx3-ubyte");
        Path labels = find(dir, split.prefix + "-labels-idx1-ubyte");
        LabeledImages loaded = LabeledImages.fromIdx(
                split.displayName,
                reader.read(images),
                reader.read(labels),
                CLASS_NAMES,
                images + " / " + labels.getFileName());
        Provenance.recordData(loaded.name(), dir);
        return loaded;
    }

    private static Path find(Path dir, String base) throws IdxFormatException {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new IdxFormatException("Fashion-MNIST file " + gz + " (or " + raw.getFileName() + ") is missing in " + dir
                + ". Install Debian's dataset-fashion-mnist or copy the IDX files there.");
    }
}
