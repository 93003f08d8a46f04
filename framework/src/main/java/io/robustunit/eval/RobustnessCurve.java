package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.robustunit.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Robustness as a function of epsilon: one {@link RobustnessReport} per radius, ascending, all for
 * the same model, dataset and attack (see {@link RobustnessEvaluator#sweep}).
 *
 * <pre>{@code
 * RobustnessCurve curve = evaluator.sweep(model, data, pgd, 0.0, 0.05, 0.1, 0.2);
 * curve.robustAccuracies();            // [0.90, 0.71, 0.52, 0.18]
 * curve.at(0.1).robustCount();
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class RobustnessCurve {

    /** Value of the {@code format} field of the JSON form. */
    public static final String FORMAT = "robustunit.robustness-curve";

    /** Version of the JSON form this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private final List<RobustnessReport> reports;

    private RobustnessCurve(List<RobustnessReport> reports) {
        this.reports = reports;
    }

    /**
     * A curve from reports of one model, dataset and attack at distinct radii (any order).
     *
     * @throws IllegalArgumentException if the list is empty, two reports share an epsilon, or they
     *     differ in model, dataset, norm or attack name
     */
    public static RobustnessCurve of(List<RobustnessReport> reports) {
        if (reports == null || reports.isEmpty()) {
            throw new IllegalArgumentException("a robustness curve needs at least one report");
        }
        List<RobustnessReport> sorted = new ArrayList<>(reports);
        sorted.sort(Comparator.comparingDouble(RobustnessReport::epsilon));
        RobustnessReport first = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            RobustnessReport r = sorted.get(i);
            if (r.epsilon() == sorted.get(i - 1).epsilon()) {
                throw new IllegalArgumentException("two reports of the curve have epsilon " + r.epsilon());
            }
            if (!r.modelName().equals(first.modelName())
                    || !r.datasetName().equals(first.datasetName())
                    || r.norm() != first.norm()
                    || !r.attackName().equals(first.attackName())) {
                throw new IllegalArgumentException(
                        "the reports of a curve must share model, dataset, norm and attack; '" + r + "' differs from '"
                                + first + "'");
            }
        }
        return new RobustnessCurve(List.copyOf(sorted));
    }

    /** The reports, by ascending epsilon. */
    public List<RobustnessReport> reports() {
        return reports;
    }

    /** The radii, ascending. */
    public double[] epsilons() {
        return reports.stream().mapToDouble(RobustnessReport::epsilon).toArray();
    }

    /** Robust accuracy at each radius, in the order of {@link #epsilons()}. */
    public double[] robustAccuracies() {
        return reports.stream().mapToDouble(RobustnessReport::robustAccuracy).toArray();
    }

    /**
     * The report at {@code epsilon}.
     *
     * @throws IllegalArgumentException if the curve has no report at that radius
     */
    public RobustnessReport at(double epsilon) {
        for (RobustnessReport r : reports) {
            if (Math.abs(r.epsilon() - epsilon) <= 1e-12 * Math.max(1, epsilon)) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "the curve has no report at epsilon " + epsilon + "; it has " + java.util.Arrays.toString(epsilons()));
    }

    /** Whether every report is valid (no validity findings). */
    public boolean isValid() {
        return reports.stream().allMatch(RobustnessReport::isValid);
    }

    /** This curve as JSON: a format header and the reports in their JSON form. */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("formatVersion", FORMAT_VERSION);
        JsonArray array = new JsonArray();
        reports.forEach(r -> array.add(ReportJson.write(r)));
        root.add("reports", array);
        return ReportJson.toJson(root);
    }

    /**
     * Reads a curve written by {@link #toJson()}.
     *
     * @throws ReportFormatException naming what is wrong
     */
    public static RobustnessCurve fromJson(String json) {
        return fromJson(json, "robustness curve JSON");
    }

    /** Writes {@link #toJson()} atomically. */
    public void writeJson(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /** Reads a curve file. */
    public static RobustnessCurve readJson(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    private static RobustnessCurve fromJson(String json, String source) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(json == null ? "" : json);
        } catch (JsonParseException e) {
            throw new ReportFormatException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (parsed == null || !parsed.isJsonObject()) {
            throw new ReportFormatException(source + " must be a JSON object");
        }
        ReportJson.Node root = new ReportJson.Node(parsed.getAsJsonObject(), source, "");
        ReportJson.checkFormat(root, FORMAT, FORMAT_VERSION);
        List<RobustnessReport> reports = new ArrayList<>();
        for (ReportJson.Node n : root.objects("reports")) {
            reports.add(ReportJson.read(n));
        }
        try {
            return of(reports);
        } catch (IllegalArgumentException e) {
            throw new ReportFormatException(source + " is inconsistent: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RobustnessCurve c && c.reports.equals(reports);
    }

    @Override
    public int hashCode() {
        return reports.hashCode();
    }

    /** For example {@code PGD on model.pt: eps 0.050 -> 0.712, eps 0.100 -> 0.520}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(
                reports.get(0).attackName() + " on " + reports.get(0).modelName() + ":");
        for (RobustnessReport r : reports) {
            s.append(String.format(Locale.ROOT, " eps %.3f -> %.3f,", r.epsilon(), r.robustAccuracy()));
        }
        s.setLength(s.length() - 1);
        return s.toString();
    }
}
