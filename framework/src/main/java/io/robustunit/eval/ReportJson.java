package io.robustunit.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The JSON form of {@link RobustnessReport} and {@link RobustnessCurve}. */
final class ReportJson {

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ReportJson() {}

    static String toJson(RobustnessReport r) {
        return GSON.toJson(write(r));
    }

    static String toJson(JsonObject object) {
        return GSON.toJson(object);
    }

    static JsonObject write(RobustnessReport r) {
        JsonObject root = new JsonObject();
        root.addProperty("format", RobustnessReport.FORMAT);
        root.addProperty("formatVersion", RobustnessReport.FORMAT_VERSION);

        JsonObject model = new JsonObject();
        model.addProperty("name", r.modelName());
        model.add("sha256", r.modelSha256().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        root.add("model", model);

        JsonObject dataset = new JsonObject();
        dataset.addProperty("name", r.datasetName());
        JsonArray classes = new JsonArray();
        r.classNames().forEach(classes::add);
        dataset.add("classNames", classes);
        r.dataFingerprint().ifPresent(f -> dataset.addProperty("fingerprint", f));
        root.add("dataset", dataset);
        r.shard().ifPresent(shard -> {
            JsonObject o = new JsonObject();
            o.addProperty("index", shard.index());
            o.addProperty("count", shard.count());
            o.addProperty("selection", shard.selection());
            root.add("shard", o);
        });

        r.numerics().ifPresent(n -> root.addProperty("numerics", n));

        JsonObject attack = new JsonObject();
        attack.addProperty("name", r.attackName());
        attack.addProperty("description", r.attackDescription());
        attack.addProperty("seed", r.seed());
        root.add("attack", attack);

        JsonObject threat = new JsonObject();
        threat.addProperty("norm", r.norm().name());
        threat.addProperty("epsilon", r.epsilon());
        threat.addProperty("min", r.threatModel().min());
        threat.addProperty("max", r.threatModel().max());
        root.add("threatModel", threat);

        root.addProperty("wallTimeNanos", r.wallTime().toNanos());

        JsonObject summary = new JsonObject();
        summary.addProperty("sampleCount", r.sampleCount());
        summary.addProperty("cleanCorrect", r.cleanCorrectCount());
        summary.addProperty("cleanAccuracy", r.cleanAccuracy());
        summary.addProperty("robust", r.robustCount());
        summary.addProperty("robustAccuracy", r.robustAccuracy());
        ConfidenceInterval ci = r.robustAccuracyInterval(0.95);
        JsonArray interval = new JsonArray();
        interval.add(ci.lower());
        interval.add(ci.upper());
        summary.add("robustAccuracy95", interval);
        summary.addProperty("broken", r.brokenCount());
        summary.add("attackSuccessRate", number(r.attackSuccessRate()));
        summary.addProperty("meanPerturbationNorm", r.meanPerturbationNorm());
        summary.addProperty("maxPerturbationNorm", r.maxPerturbationNorm());
        summary.addProperty("valid", r.isValid());
        JsonArray perClass = new JsonArray();
        for (ClassAccuracy c : r.perClass()) {
            JsonObject o = new JsonObject();
            o.addProperty("label", c.label());
            o.addProperty("name", c.className());
            o.addProperty("samples", c.samples());
            o.addProperty("cleanCorrect", c.cleanCorrect());
            o.addProperty("robust", c.robust());
            perClass.add(o);
        }
        summary.add("perClass", perClass);
        root.add("summary", summary);

        JsonArray outcomes = new JsonArray();
        for (SampleOutcome o : r.outcomes()) {
            JsonObject j = new JsonObject();
            j.addProperty("index", o.datasetIndex());
            j.addProperty("label", o.trueLabel());
            j.addProperty("clean", o.cleanPrediction());
            j.addProperty("adversarial", o.adversarialPrediction());
            j.addProperty("norm", o.perturbationNorm());
            j.addProperty("verdict", o.verdict().name());
            if (o.brokenBy() != null) {
                j.addProperty("brokenBy", o.brokenBy());
            }
            outcomes.add(j);
        }
        root.add("outcomes", outcomes);

        JsonArray findings = new JsonArray();
        for (ValidityFinding f : r.validityFindings()) {
            JsonObject j = new JsonObject();
            j.addProperty("index", f.datasetIndex());
            j.addProperty("kind", f.kind().name());
            j.add("value", number(f.value()));
            j.add("limit", number(f.limit()));
            j.addProperty("detail", f.detail());
            findings.add(j);
        }
        root.add("validityFindings", findings);
        return root;
    }

    private static JsonElement number(double value) {
        return Double.isFinite(value) ? new JsonPrimitive(value) : JsonNull.INSTANCE;
    }

    static RobustnessReport fromJson(String json, String source) {
        if (json == null || json.isBlank()) {
            throw new ReportFormatException(source + " is empty; expected a RobustUnit report");
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new ReportFormatException(
                    source + " is not valid JSON: " + e.getMessage() + " (truncated or hand-edited file?)", e);
        }
        if (!parsed.isJsonObject()) {
            throw new ReportFormatException(source + " must be a JSON object, found " + kind(parsed));
        }
        return read(new Node(parsed.getAsJsonObject(), source, ""));
    }

    static RobustnessReport read(Node root) {
        checkFormat(root, RobustnessReport.FORMAT, RobustnessReport.FORMAT_VERSION);
        Node model = root.object("model");
        Node dataset = root.object("dataset");
        Node attack = root.object("attack");
        Node threat = root.object("threatModel");
        ThreatModel threatModel;
        try {
            threatModel = ThreatModel.of(Norm.valueOf(threat.string("norm")), threat.number("epsilon"))
                    .withInputRange((float) threat.number("min"), (float) threat.number("max"));
        } catch (IllegalArgumentException e) {
            throw root.error("threatModel", "is invalid: " + e.getMessage() + " (norm must be one of LINF, L2)");
        }
        long wallNanos = root.integer("wallTimeNanos");
        if (wallNanos < 0) {
            throw root.error("wallTimeNanos", "must be >= 0, was " + wallNanos);
        }
        RobustnessReport.Builder b = RobustnessReport.builder()
                .modelName(model.string("name"))
                .dataset(dataset.string("name"), dataset.strings("classNames"))
                .attack(attack.string("name"), attack.string("description"), threatModel, attack.integer("seed"))
                .wallTime(Duration.ofNanos(wallNanos));
        String fingerprint = dataset.optionalString("fingerprint");
        try {
            b.dataFingerprint(fingerprint);
        } catch (IllegalArgumentException e) {
            throw dataset.error("fingerprint", e.getMessage());
        }
        String numerics = root.optionalString("numerics");
        try {
            b.numerics(numerics);
        } catch (IllegalArgumentException e) {
            throw root.error("numerics", e.getMessage());
        }
        if (root.json().has("shard") && !root.json().get("shard").isJsonNull()) {
            Node shard = root.object("shard");
            try {
                b.shard(new Shard(
                        (int) shard.integer("index"), (int) shard.integer("count"), shard.string("selection")));
            } catch (IllegalArgumentException e) {
                throw root.error("shard", "is invalid: " + e.getMessage());
            }
        }
        String sha = model.optionalString("sha256");
        try {
            b.modelSha256(sha);
        } catch (IllegalArgumentException e) {
            throw model.error("sha256", e.getMessage());
        }
        List<Node> outcomes = root.objects("outcomes");
        for (Node o : outcomes) {
            try {
                b.outcome(new SampleOutcome(
                        (int) o.integer("index"),
                        (int) o.integer("label"),
                        (int) o.integer("clean"),
                        (int) o.integer("adversarial"),
                        o.number("norm"),
                        o.optionalString("brokenBy")));
            } catch (IllegalArgumentException e) {
                throw o.error("", "is not a valid outcome: " + e.getMessage());
            }
        }
        for (Node f : root.objects("validityFindings")) {
            ValidityFinding.Kind kind;
            try {
                kind = ValidityFinding.Kind.valueOf(f.string("kind"));
            } catch (IllegalArgumentException e) {
                throw f.error(
                        "kind",
                        "is '" + f.string("kind") + "', not one of "
                                + java.util.Arrays.toString(ValidityFinding.Kind.values()));
            }
            b.finding(new ValidityFinding(
                    (int) f.integer("index"),
                    kind,
                    f.optionalNumber("value"),
                    f.optionalNumber("limit"),
                    f.string("detail")));
        }
        RobustnessReport report;
        try {
            report = b.build();
        } catch (IllegalArgumentException e) {
            throw root.error("", "is inconsistent: " + e.getMessage());
        }
        Node summary = root.object("summary");
        checkCount(summary, "sampleCount", report.sampleCount());
        checkCount(summary, "cleanCorrect", report.cleanCorrectCount());
        checkCount(summary, "robust", report.robustCount());
        return report;
    }

    private static void checkCount(Node summary, String field, int fromOutcomes) {
        long stated = summary.integer(field);
        if (stated != fromOutcomes) {
            throw summary.error(
                    field,
                    "says " + stated + " but the outcomes give " + fromOutcomes + "; the file was edited or corrupted");
        }
    }

    static void checkFormat(Node root, String format, int version) {
        String found = root.optionalString("format");
        if (!format.equals(found)) {
            throw root.error(
                    "format",
                    found == null
                            ? "is missing; this is not a RobustUnit '" + format + "' file"
                            : "is '" + found + "' but '" + format + "' was expected");
        }
        long v = root.integer("formatVersion");
        if (v != version) {
            throw root.error(
                    "formatVersion",
                    "is " + v + " but this RobustUnit reads version " + version
                            + (v > version ? "; upgrade RobustUnit to read it" : "; re-create the file"));
        }
    }

    private static String kind(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean";
    }

    /** A JSON object with its path, so that every error names the file and the field. */
    record Node(JsonObject json, String source, String path) {

        ReportFormatException error(String field, String message) {
            String where = field.isEmpty() ? path : path.isEmpty() ? field : path + "." + field;
            return new ReportFormatException(
                    source + (where.isEmpty() ? "" : ": field '" + where + "'") + " " + message);
        }

        private JsonElement required(String field) {
            JsonElement e = json.get(field);
            if (e == null || e.isJsonNull()) {
                throw error(field, "is missing");
            }
            return e;
        }

        private JsonPrimitive primitive(String field, String expected) {
            JsonElement e = required(field);
            if (!e.isJsonPrimitive()) {
                throw error(field, "must be " + expected + ", found " + kind(e));
            }
            return e.getAsJsonPrimitive();
        }

        String string(String field) {
            JsonPrimitive p = primitive(field, "a string");
            if (!p.isString()) {
                throw error(field, "must be a string, found " + kind(p));
            }
            return p.getAsString();
        }

        String optionalString(String field) {
            JsonElement e = json.get(field);
            return e == null || e.isJsonNull() ? null : string(field);
        }

        double number(String field) {
            JsonPrimitive p = primitive(field, "a number");
            if (!p.isNumber()) {
                throw error(field, "must be a number, found " + kind(p));
            }
            double d = p.getAsDouble();
            if (!Double.isFinite(d)) {
                throw error(field, "must be finite, was " + d);
            }
            return d;
        }

        double optionalNumber(String field) {
            JsonElement e = json.get(field);
            return e == null || e.isJsonNull() ? Double.NaN : number(field);
        }

        long integer(String field) {
            JsonPrimitive p = primitive(field, "an integer");
            if (!p.isNumber()) {
                throw error(field, "must be an integer, found " + kind(p));
            }
            try {
                return p.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw error(field, "must be an integer, was " + p.getAsString());
            }
        }

        Node object(String field) {
            JsonElement e = required(field);
            if (!e.isJsonObject()) {
                throw error(field, "must be an object, found " + kind(e));
            }
            return new Node(e.getAsJsonObject(), source, path.isEmpty() ? field : path + "." + field);
        }

        private JsonArray array(String field) {
            JsonElement e = required(field);
            if (!e.isJsonArray()) {
                throw error(field, "must be an array, found " + kind(e));
            }
            return e.getAsJsonArray();
        }

        List<Node> objects(String field) {
            JsonArray a = array(field);
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                String p = (path.isEmpty() ? field : path + "." + field) + "[" + i + "]";
                if (!a.get(i).isJsonObject()) {
                    throw new ReportFormatException(
                            source + ": field '" + p + "' must be an object, found " + kind(a.get(i)));
                }
                nodes.add(new Node(a.get(i).getAsJsonObject(), source, p));
            }
            return nodes;
        }

        List<String> strings(String field) {
            JsonArray a = array(field);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                JsonElement e = a.get(i);
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw error(field, "must hold strings, element " + i + " is " + kind(e));
                }
                out.add(e.getAsString());
            }
            return out;
        }
    }
}
