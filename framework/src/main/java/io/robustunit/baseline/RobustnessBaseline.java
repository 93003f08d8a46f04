package io.robustunit.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * The recorded result of one gate: which attack ran on which samples, how many resisted, and which
 * ones, by dataset index. A later report is compared with it to find samples that went from robust to
 * broken.
 *
 * <pre>{@code
 * RobustnessBaseline.of("pgd-linf-0.1", report).write(Path.of("src/test/resources/robustness-baselines/pgd-linf-0.1.json"));
 * Optional<RobustnessBaseline> recorded = RobustnessBaseline.read(file);
 * List<Integer> regressed = recorded.get().newlyBroken(currentReport);
 * }</pre>
 *
 * @param gate the gate's name
 * @param modelName the model the baseline was recorded with (informative; models change, gates stay)
 * @param datasetName the dataset
 * @param attackDescription the attack with every setting
 * @param sampleIndices the dataset indices evaluated, ascending
 * @param robustIndices the dataset indices that resisted the attack, ascending
 * @param modelSha256 SHA-256 of the model file the baseline was recorded with, or null if unknown
 *     (informative: which model the ratchet last accepted)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RobustnessBaseline(
        String gate,
        String modelName,
        String datasetName,
        String attackDescription,
        List<Integer> sampleIndices,
        List<Integer> robustIndices,
        String modelSha256) {

    /** Value of the {@code format} field of the JSON form. */
    public static final String FORMAT = "robustunit.robustness-baseline";

    /** Version of the JSON form. */
    public static final int FORMAT_VERSION = 1;

    /** A baseline that records no model digest. */
    public RobustnessBaseline(
            String gate,
            String modelName,
            String datasetName,
            String attackDescription,
            List<Integer> sampleIndices,
            List<Integer> robustIndices) {
        this(gate, modelName, datasetName, attackDescription, sampleIndices, robustIndices, null);
    }

    public RobustnessBaseline {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(datasetName, "datasetName");
        Objects.requireNonNull(attackDescription, "attackDescription");
        sampleIndices = List.copyOf(new TreeSet<>(sampleIndices));
        robustIndices = List.copyOf(new TreeSet<>(robustIndices));
        if (sampleIndices.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one sample");
        }
        if (!new TreeSet<>(sampleIndices).containsAll(robustIndices)) {
            throw new IllegalArgumentException("every robust index must be one of the sample indices");
        }
    }

    /** The baseline that {@code report} would record for {@code gate}. */
    public static RobustnessBaseline of(String gate, RobustnessReport report) {
        return new RobustnessBaseline(
                gate,
                report.modelName(),
                report.datasetName(),
                report.attackDescription(),
                Arrays.stream(report.datasetIndices()).boxed().toList(),
                report.outcomes().stream()
                        .filter(SampleOutcome::robust)
                        .map(SampleOutcome::datasetIndex)
                        .toList(),
                report.modelSha256().orElse(null));
    }

    public int sampleCount() {
        return sampleIndices.size();
    }

    public int robustCount() {
        return robustIndices.size();
    }

    public double robustAccuracy() {
        return (double) robustIndices.size() / sampleIndices.size();
    }

    /**
     * Why {@code report} cannot be compared with this baseline (another attack, dataset or sample
     * set), or empty if it can.
     */
    public Optional<String> setupDifference(RobustnessReport report) {
        if (!attackDescription.equals(report.attackDescription())) {
            return Optional.of("the attack changed from " + attackDescription + " to " + report.attackDescription());
        }
        if (!datasetName.equals(report.datasetName())) {
            return Optional.of("the dataset changed from " + datasetName + " to " + report.datasetName());
        }
        List<Integer> now = Arrays.stream(report.datasetIndices()).boxed().toList();
        if (!sampleIndices.equals(now)) {
            return Optional.of("the samples changed from " + sampleIndices.size() + " to " + now.size()
                    + " images (different dataset indices)");
        }
        return Optional.empty();
    }

    /** Dataset indices robust in this baseline but not in {@code report}, ascending. */
    public List<Integer> newlyBroken(RobustnessReport report) {
        List<Integer> broken = new ArrayList<>();
        Set<Integer> evaluated =
                new TreeSet<>(Arrays.stream(report.datasetIndices()).boxed().toList());
        for (int index : robustIndices) {
            if (evaluated.contains(index) && !report.outcome(index).robust()) {
                broken.add(index);
            }
        }
        return broken;
    }

    /** Dataset indices robust in {@code report} but not in this baseline, ascending. */
    public List<Integer> newlyRobust(RobustnessReport report) {
        Set<Integer> before = new TreeSet<>(robustIndices);
        return report.outcomes().stream()
                .filter(SampleOutcome::robust)
                .map(SampleOutcome::datasetIndex)
                .filter(i -> !before.contains(i))
                .toList();
    }

    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("formatVersion", FORMAT_VERSION);
        root.addProperty("gate", gate);
        root.addProperty("model", modelName);
        if (modelSha256 != null) {
            root.addProperty("modelSha256", modelSha256);
        }
        root.addProperty("dataset", datasetName);
        root.addProperty("attack", attackDescription);
        root.addProperty("sampleCount", sampleCount());
        root.addProperty("robustCount", robustCount());
        root.addProperty("robustAccuracy", robustAccuracy());
        root.add("sampleIndices", array(sampleIndices));
        root.add("robustIndices", array(robustIndices));
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(root) + "\n";
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming {@code source} and what is wrong
     */
    public static RobustnessBaseline fromJson(String json, String source) {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            if (!FORMAT.equals(text(root, "format"))
                    || root.get("formatVersion").getAsInt() != FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        source + " is not a " + FORMAT + " version " + FORMAT_VERSION + " file");
            }
            RobustnessBaseline baseline = new RobustnessBaseline(
                    text(root, "gate"),
                    text(root, "model"),
                    text(root, "dataset"),
                    text(root, "attack"),
                    ints(root, "sampleIndices"),
                    ints(root, "robustIndices"),
                    root.has("modelSha256") && !root.get("modelSha256").isJsonNull()
                            ? root.get("modelSha256").getAsString()
                            : null);
            if (root.has("robustCount") && root.get("robustCount").getAsInt() != baseline.robustCount()) {
                throw new IllegalArgumentException(source + ": robustCount " + root.get("robustCount")
                        + " contradicts the " + baseline.robustCount() + " robustIndices");
            }
            return baseline;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException e) {
            throw new IllegalArgumentException(source + " is not a valid robustness baseline: " + e.getMessage(), e);
        }
    }

    /** Reads a baseline file, or empty if it does not exist. */
    public static Optional<RobustnessBaseline> read(Path file) throws IOException {
        try {
            return Optional.of(fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Writes the JSON form atomically, creating missing folders. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    private static JsonArray array(List<Integer> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static String text(JsonObject root, String name) {
        JsonElement e = root.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return e.getAsString();
    }

    private static List<Integer> ints(JsonObject root, String name) {
        JsonElement e = root.get(name);
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException("missing array '" + name + "'");
        }
        List<Integer> values = new ArrayList<>();
        e.getAsJsonArray().forEach(v -> values.add(v.getAsInt()));
        return values;
    }
}
