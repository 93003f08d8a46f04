package io.robustunit.gate;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.robustunit.eval.ConfidenceInterval;
import java.util.Optional;

/** The JSON form of {@link GateOutcome}. */
final class GateOutcomeJson {

    /** Value of the {@code format} field. */
    static final String FORMAT = "robustunit.gate-outcome";

    /** Version of the JSON form. */
    static final int FORMAT_VERSION = 1;

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .serializeNulls()
            .create();

    private GateOutcomeJson() {}

    static String toJson(GateOutcome o) {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("formatVersion", FORMAT_VERSION);
        root.addProperty("description", o.description());
        root.addProperty("status", o.status().name());
        root.addProperty("metric", o.metric());
        root.addProperty("comparison", o.comparison().symbol());
        root.addProperty("threshold", o.threshold());
        root.add(
                "measured",
                o.measured().isPresent() ? new JsonPrimitive(o.measured().getAsDouble()) : JsonNull.INSTANCE);
        o.proportion().ifPresent(p -> {
            root.addProperty("count", p.count());
            root.addProperty("total", p.total());
        });
        o.confidenceInterval().ifPresent(ci -> root.add("confidenceInterval", interval(ci)));
        root.add("message", text(o.message()));
        root.add("test", text(o.testName()));
        JsonObject model = new JsonObject();
        model.add("name", text(o.modelName()));
        model.add("sha256", text(o.modelSha256()));
        root.add("model", model);
        root.add("attack", text(o.attackDescription()));
        o.report().ifPresent(r -> root.add("report", JsonParser.parseString(r.toJson())));
        o.curve().ifPresent(c -> root.add("curve", JsonParser.parseString(c.toJson())));
        o.certification().ifPresent(c -> root.add("certification", JsonParser.parseString(c.toJson())));
        return GSON.toJson(root);
    }

    private static JsonObject interval(ConfidenceInterval ci) {
        JsonObject json = new JsonObject();
        json.addProperty("lower", ci.lower());
        json.addProperty("upper", ci.upper());
        json.addProperty("confidence", ci.confidence());
        return json;
    }

    private static JsonElement text(Optional<String> value) {
        return value.<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE);
    }
}
