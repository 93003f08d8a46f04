package io.robustunit.cli;

import ai.djl.ndarray.types.Shape;
import io.robustunit.data.DataFormat;
import io.robustunit.data.DataRequest;
import io.robustunit.data.Datasets;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.InputContract;
import io.robustunit.model.Normalization;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The data and input-contract options every command that reads data or models shares:
 * {@code --data}, {@code --data-format}, {@code --channels}, {@code --size}, {@code --range},
 * {@code --mean}, {@code --std} and {@code --contract FILE} (a properties file with the same keys;
 * options given on the command line win).
 *
 * <pre>{@code
 * Options options = DataOptions.declare(Options.builder("evaluate"), "evaluation data").build();
 * DataOptions data = DataOptions.parse(options.parse(args));
 * LabeledImages images = data.read("data", FashionMnist.Split.TEST);
 * InputContract contract = data.contract(images);
 * }</pre>
 */
final class DataOptions {

    /** The value of {@code --data} that selects the installed Fashion-MNIST. */
    public static final String FASHION_MNIST = "fashion-mnist";

    static final String CONTRACT_KEYS = "channels, size, range, mean, std";

    private final DataFormat format;
    private final Integer channels;
    private final int[] size;
    private final float[] range;
    private final float[] mean;
    private final float[] std;
    private final String defaultData;
    private final ParsedOptions parsed;

    private DataOptions(
            ParsedOptions parsed,
            DataFormat format,
            Integer channels,
            int[] size,
            float[] range,
            float[] mean,
            float[] std,
            String defaultData) {
        this.parsed = parsed;
        this.format = format;
        this.channels = channels;
        this.size = size;
        this.range = range;
        this.mean = mean;
        this.std = std;
        this.defaultData = defaultData;
    }

    /**
     * Declares the options on {@code builder}.
     *
     * @param what what {@code --data} holds, for the help text (e.g. "evaluation data")
     */
    public static Options.Builder declare(Options.Builder builder, String what) {
        return builder.value(
                        "data",
                        "fashion-mnist|PATH",
                        what + ": the installed Fashion-MNIST, or a file or folder"
                                + " (image class folders, IDX, CIFAR .bin, .npy/.npz; detected)")
                .value(
                        "data-format",
                        DataFormat.ids(),
                        "the format of --data when detection is not wanted" + " (default auto)")
                .value("channels", "C", "the model's input channels (default: the data's)")
                .value("size", "HxW", "the model's input height x width, e.g. 32x32 (default: the data's)")
                .value(
                        "range",
                        "MIN,MAX",
                        "the model's input value range, the pixel space epsilon is" + " measured in (default 0,1)")
                .value(
                        "mean",
                        "M,...",
                        "per-channel means RobustUnit subtracts before the model" + " (with --std; default none)")
                .value("std", "S,...", "per-channel standard deviations RobustUnit divides by")
                .value(
                        "contract",
                        "FILE",
                        "a properties file declaring " + CONTRACT_KEYS + " (command-line options win)");
    }

    /** Reads the options (and the contract file) with {@code fashion-mnist} as the default data. */
    public static DataOptions parse(ParsedOptions p) {
        return parse(p, FASHION_MNIST);
    }

    /**
     * Reads the options and the contract file.
     *
     * @param defaultData the data when {@code --data} is absent, or null if it is required
     * @throws UsageException naming the option or file key and the valid values
     */
    public static DataOptions parse(ParsedOptions p, String defaultData) {
        Properties file = new Properties();
        Optional<String> contractFile = p.string("contract");
        if (contractFile.isPresent()) {
            Path f = Path.of(contractFile.get());
            if (!Files.isRegularFile(f)) {
                throw new UsageException("option --contract: " + f + " does not exist or is not a file");
            }
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                file.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("option --contract: cannot read " + f + ": " + e.getMessage(), e);
            }
            for (String key : file.stringPropertyNames()) {
                if (!Arrays.asList(CONTRACT_KEYS.split(", ")).contains(key)) {
                    throw new UsageException(
                            "contract file " + f + ": unknown key '" + key + "'; valid keys: " + CONTRACT_KEYS);
                }
            }
        }
        String where = contractFile.map(f -> "contract file " + f + ", key ").orElse("");
        DataFormat format;
        try {
            format = p.string("data-format").map(DataFormat::parse).orElse(DataFormat.AUTO);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --data-format: " + e.getMessage(), e);
        }
        Integer channels = value(p, file, where, "channels")
                .map(v -> {
                    try {
                        int c = Integer.parseInt(v.trim());
                        if (c < 1 || c > 4096) {
                            throw new NumberFormatException();
                        }
                        return c;
                    } catch (NumberFormatException e) {
                        throw invalid(p, where, "channels", v, "a whole number of channels >= 1, e.g. 3");
                    }
                })
                .orElse(null);
        int[] size = value(p, file, where, "size")
                .map(v -> {
                    String[] parts = v.trim().toLowerCase(Locale.ROOT).split("x");
                    try {
                        int[] hw = parts.length == 1
                                ? new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[0])}
                                : new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
                        if (parts.length > 2 || hw[0] < 1 || hw[1] < 1) {
                            throw new NumberFormatException();
                        }
                        return hw;
                    } catch (NumberFormatException e) {
                        throw invalid(p, where, "size", v, "HEIGHTxWIDTH like 32x32 (or one number for a square)");
                    }
                })
                .orElse(null);
        float[] range = value(p, file, where, "range")
                .map(v -> {
                    float[] r = floats(p, where, "range", v);
                    if (r.length != 2 || !(r[0] < r[1])) {
                        throw invalid(p, where, "range", v, "MIN,MAX with MIN < MAX, e.g. 0,1 or -1,1");
                    }
                    return r;
                })
                .orElse(new float[] {0f, 1f});
        float[] mean = value(p, file, where, "mean")
                .map(v -> floats(p, where, "mean", v))
                .orElse(null);
        float[] std = value(p, file, where, "std")
                .map(v -> floats(p, where, "std", v))
                .orElse(null);
        if ((mean == null) != (std == null)) {
            throw new UsageException("--mean and --std go together: give both (one value per channel) or neither");
        }
        if (mean != null) {
            try {
                Normalization.of(mean, std);
            } catch (IllegalArgumentException e) {
                throw new UsageException("options --mean/--std: " + e.getMessage(), e);
            }
        }
        return new DataOptions(p, format, channels, size, range, mean, std, defaultData);
    }

    private static Optional<String> value(ParsedOptions p, Properties file, String where, String key) {
        Optional<String> given = p.string(key);
        return given.isPresent() ? given : Optional.ofNullable(file.getProperty(key));
    }

    private static float[] floats(ParsedOptions p, String where, String key, String v) {
        String[] parts = v.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw invalid(p, where, key, v, "comma-separated numbers, e.g. 0.4914,0.4822,0.4465");
            }
            if (!Float.isFinite(out[i])) {
                throw invalid(p, where, key, v, "finite numbers");
            }
        }
        return out;
    }

    private static UsageException invalid(ParsedOptions p, String where, String key, String value, String expected) {
        String source = p.string(key).isPresent() || where.isEmpty() ? "option --" + key : where + key;
        return new UsageException(source + ": '" + value + "' is not valid; expected " + expected);
    }

    /** The input range declared with {@code --range} (default [0, 1]). */
    public float[] range() {
        return range.clone();
    }

    /**
     * Reads the data named by option {@code option} ({@code fashion-mnist} or a path), in the
     * declared format and checked against the declared shape.
     *
     * @throws UsageException if the option is missing (and has no default) or names nothing
     * @throws io.robustunit.data.DataFormatException if the data is malformed
     */
    public LabeledImages read(String option, FashionMnist.Split split) throws IOException {
        String spec = parsed.string(option).orElse(option.equals("data") ? defaultData : null);
        if (spec == null) {
            throw parsed.missing(option);
        }
        if (spec.equalsIgnoreCase(FASHION_MNIST)) {
            if (format != DataFormat.AUTO && format != DataFormat.IDX) {
                throw new UsageException("option --data-format " + format + " does not fit --" + option
                        + " fashion-mnist (IDX files); give a path");
            }
            LabeledImages data = FashionMnist.load(FashionMnist.locate(), split);
            checkDeclaredShape(data, spec);
            return data;
        }
        Path path = Path.of(spec);
        if (!Files.exists(path)) {
            throw new UsageException("option --" + option + ": '" + spec + "' is neither '" + FASHION_MNIST
                    + "' nor an existing file or folder (resolved to " + path.toAbsolutePath() + ")");
        }
        DataRequest request = DataRequest.of(format).withSplit(split);
        if (channels != null && size != null) {
            request = request.withImageShape(channels, size[0], size[1]);
        }
        LabeledImages data = Datasets.read(path, request);
        checkDeclaredShape(data, spec);
        return data;
    }

    private void checkDeclaredShape(LabeledImages data, String spec) {
        long[] s = data.imageShape().getShape();
        if (channels != null && (s.length != 3 || s[0] != channels)) {
            throw new UsageException("--channels " + channels + " but " + spec + " holds items of shape "
                    + Arrays.toString(s) + "; declare the channels the model takes, or give data that has them"
                    + (s.length == 3 && s[0] == 1 && channels == 3
                            ? " (an image folder is converted from grey to RGB when --size is declared too)"
                            : ""));
        }
        if (size != null && (s.length != 3 || s[1] != size[0] || s[2] != size[1])) {
            throw new UsageException("--size " + size[0] + "x" + size[1] + " but " + spec + " holds items of shape "
                    + Arrays.toString(s) + "; declare the size the model takes or resize the data");
        }
    }

    /** The model's contract: the declared (or the data's) shape, the declared range, the data's class count. */
    public InputContract contract(LabeledImages data) {
        Shape shape = data.imageShape();
        if (channels != null && size != null) {
            shape = new Shape(channels, size[0], size[1]);
        }
        InputContract contract;
        try {
            contract = InputContract.of(shape, range[0], range[1], Math.max(2, data.numClasses()));
            if (mean != null) {
                contract = contract.withNormalization(Normalization.of(mean, std));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("input contract: " + e.getMessage(), e);
        }
        return contract;
    }

    @Override
    public String toString() {
        return "format " + format + (channels == null ? "" : ", channels " + channels)
                + (size == null ? "" : ", size " + size[0] + "x" + size[1])
                + ", range [" + range[0] + ", " + range[1] + "]"
                + (mean == null ? "" : ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std));
    }
}
