package io.robustunit.certify;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON form of {@link CertificationReport}. */
final class CertificationJson {

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private CertificationJson() {}

    static String toJson(CertificationReport r) {
        JsonObject root = new JsonObject();
        root.addProperty("format", CertificationReport.FORMAT);
        root.addProperty("formatVersion", CertificationReport.FORMAT_VERSION);
        JsonObject model = new JsonObject();
        model.addProperty("name", r.modelName());
        root.add("model", model);
        JsonObject dataset = new JsonObject();
        dataset.addProperty("name", r.datasetName());
        JsonArray classes = new JsonArray();
        r.classNames().forEach(classes::add);
        dataset.add("classNames", classes);
        root.add("dataset", dataset);

        CertificationSettings s = r.settings();
        JsonObject settings = new JsonObject();
        settings.addProperty("method", "randomized smoothing, CERTIFY of Cohen, Rosenfeld and Kolter (2019)");
        settings.addProperty("noise", "gaussian");
        settings.addProperty("sigma", s.sigma());
        settings.addProperty("n0", s.n0());
        settings.addProperty("n", s.n());
        settings.addProperty("alpha", s.alpha());
        settings.addProperty("seed", s.seed());
        root.add("settings", settings);
        root.addProperty("wallTimeNanos", r.wallTime().toNanos());

        JsonObject summary = new JsonObject();
        summary.addProperty("sampleCount", r.sampleCount());
        summary.addProperty("certifiedAtRadius0", r.certifiedCount(0));
        summary.addProperty("abstained", r.abstentionCount());
        summary.addProperty("certifiedWrong", r.certifiedWrongCount());
        summary.addProperty("smoothedCorrect", r.smoothedCorrectCount());
        summary.addProperty("radiusBound", r.radiusBound());
        summary.addProperty("valid", r.valid());
        JsonArray curve = new JsonArray();
        for (CertificationCurve.Point p : r.curve().points()) {
            JsonObject point = new JsonObject();
            point.addProperty("radius", p.radius());
            point.addProperty("certified", p.certified());
            point.addProperty("accuracy", p.accuracy());
            curve.add(point);
        }
        summary.add("curve", curve);
        root.add("summary", summary);

        JsonArray findings = new JsonArray();
        for (CertificationFinding f : r.findings()) {
            JsonObject o = new JsonObject();
            o.addProperty("index", f.datasetIndex());
            o.addProperty("kind", f.kind().name());
            o.addProperty("detail", f.detail());
            findings.add(o);
        }
        root.add("findings", findings);

        JsonArray samples = new JsonArray();
        for (Certificate c : r.certificates()) {
            JsonObject o = new JsonObject();
            o.addProperty("index", c.datasetIndex());
            o.addProperty("label", c.label());
            o.addProperty("prediction", c.prediction());
            o.addProperty("correct", c.correct());
            o.addProperty("radius", c.radius());
            o.addProperty("pALower", c.pALower());
            o.addProperty("selectedClass", c.selectedClass());
            o.addProperty("selectionCount", c.selectionCount());
            JsonObject counts = new JsonObject();
            int[] k = c.estimationCounts();
            for (int i = 0; i < k.length; i++) {
                if (k[i] != 0) {
                    counts.addProperty(Integer.toString(i), k[i]);
                }
            }
            o.add("counts", counts);
            samples.add(o);
        }
        root.add("samples", samples);
        return GSON.toJson(root);
    }

    static CertificationReport fromJson(String json, String source) {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new CertificationFormatException(source + ": not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CertificationFormatException(source + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        try {
            String format = string(root, "format", source);
            if (!CertificationReport.FORMAT.equals(format)) {
                throw new CertificationFormatException(source + ": format is '" + format + "', expected '"
                        + CertificationReport.FORMAT + "' (is this a robustness report? read it with"
                        + " RobustnessReport.readJson)");
            }
            int version = object(root, "formatVersion", source).getAsInt();
            if (version != CertificationReport.FORMAT_VERSION) {
                throw new CertificationFormatException(source + ": format version " + version
                        + " is not supported (this RobustUnit reads version "
                        + CertificationReport.FORMAT_VERSION + ")");
            }
            JsonObject dataset = object(root, "dataset", source).getAsJsonObject();
            List<String> classNames = new ArrayList<>();
            for (JsonElement c : object(dataset, "classNames", source).getAsJsonArray()) {
                classNames.add(c.getAsString());
            }
            JsonObject s = object(root, "settings", source).getAsJsonObject();
            CertificationSettings settings;
            try {
                settings = new CertificationSettings(
                        object(s, "sigma", source).getAsDouble(),
                        object(s, "n0", source).getAsInt(),
                        object(s, "n", source).getAsInt(),
                        object(s, "alpha", source).getAsDouble(),
                        object(s, "seed", source).getAsLong());
            } catch (IllegalArgumentException e) {
                throw new CertificationFormatException(source + ": invalid settings: " + e.getMessage(), e);
            }
            List<Certificate> certificates = new ArrayList<>();
            for (JsonElement element : object(root, "samples", source).getAsJsonArray()) {
                JsonObject o = element.getAsJsonObject();
                int[] counts = new int[classNames.size()];
                for (Map.Entry<String, JsonElement> e :
                        object(o, "counts", source).getAsJsonObject().entrySet()) {
                    int cls = Integer.parseInt(e.getKey());
                    if (cls < 0 || cls >= counts.length) {
                        throw new CertificationFormatException(source + ": sample "
                                + object(o, "index", source).getAsInt() + " counts class " + cls
                                + " but the dataset has " + counts.length + " classes");
                    }
                    counts[cls] = e.getValue().getAsInt();
                }
                int prediction = object(o, "prediction", source).getAsInt();
                try {
                    certificates.add(new Certificate(
                            object(o, "index", source).getAsInt(),
                            object(o, "label", source).getAsInt(),
                            object(o, "selectedClass", source).getAsInt(),
                            object(o, "selectionCount", source).getAsInt(),
                            counts,
                            object(o, "pALower", source).getAsDouble(),
                            prediction == Certificate.ABSTAIN,
                            object(o, "radius", source).getAsDouble()));
                } catch (IllegalArgumentException e) {
                    throw new CertificationFormatException(source + ": " + e.getMessage(), e);
                }
            }
            try {
                return CertificationReport.builder()
                        .modelName(string(object(root, "model", source).getAsJsonObject(), "name", source))
                        .dataset(string(dataset, "name", source), classNames)
                        .settings(settings)
                        .certificates(certificates)
                        .wallTime(Duration.ofNanos(
                                object(root, "wallTimeNanos", source).getAsLong()))
                        .build();
            } catch (IllegalArgumentException e) {
                throw new CertificationFormatException(source + ": " + e.getMessage(), e);
            }
        } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new CertificationFormatException(source + ": a field has the wrong type (" + e.getMessage() + ")", e);
        }
    }

    private static JsonElement object(JsonObject o, String field, String source) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw new CertificationFormatException(source + ": missing field '" + field + "'");
        }
        return e;
    }

    private static String string(JsonObject o, String field, String source) {
        return object(o, field, source).getAsString();
    }
}
