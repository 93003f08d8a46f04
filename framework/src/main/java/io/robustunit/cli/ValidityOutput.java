package io.robustunit.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.robustunit.validity.Finding;
import io.robustunit.validity.ValidityChecks;
import io.robustunit.validity.ValidityReport;
import java.io.PrintStream;
import java.util.Locale;

/**
 * How the command line shows the verdict of the {@link ValidityChecks}: the same words as the
 * AssertJ gates (valid / invalid, each finding's kind and explanation, silenced findings with their
 * reason), as text and as a {@code validity} object in JSON reports.
 */
final class ValidityOutput {

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ValidityOutput() {}

    /** Parses {@code KIND=reason[;KIND=reason...]} into silenced kinds. */
    static ValidityChecks silence(ValidityChecks checks, String spec) {
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String kind = (eq < 0 ? part : part.substring(0, eq))
                    .strip()
                    .toUpperCase(Locale.ROOT)
                    .replace('-', '_');
            String reason = eq < 0 ? "" : part.substring(eq + 1).strip();
            Finding.Kind parsed;
            try {
                parsed = Finding.Kind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw new UsageException(
                        "option --silence: unknown check '" + kind + "'; one of "
                                + java.util.Arrays.toString(Finding.Kind.values()),
                        e);
            }
            if (reason.isEmpty()) {
                throw new UsageException("option --silence: " + parsed + " needs a reason, recorded in the"
                        + " report: --silence '" + parsed + "=why this is acceptable'");
            }
            checks = checks.silence(parsed, reason);
        }
        return checks;
    }

    /** {@code Validity: valid ...} or {@code Validity: INVALID ...} followed by the findings. */
    static void print(PrintStream out, ValidityReport report) {
        if (report.isValid()) {
            out.println("Validity:        valid (no validity check found a reason to distrust the evaluation)");
        } else {
            out.println("Validity:        INVALID: " + report.findings().size() + " finding(s); the evaluation"
                    + " cannot be trusted, neither pass nor fail");
            for (Finding f : report.findings()) {
                out.println("  - " + f.kind().name() + " (" + f.kind().summary() + "): " + f.message());
            }
            out.println("  To accept a finding deliberately: --silence 'KIND=reason' (the reason is recorded).");
        }
        for (ValidityReport.Silenced s : report.silenced()) {
            out.println("  silenced " + s.finding().kind().name() + " (reason: " + s.reason() + "): "
                    + s.finding().message());
        }
    }

    /** {@code reportJson} with a {@code validity} object added. */
    static String withValidity(String reportJson, ValidityReport report) {
        JsonObject root = JsonParser.parseString(reportJson).getAsJsonObject();
        root.add("validity", json(report));
        return GSON.toJson(root);
    }

    static JsonObject json(ValidityReport report) {
        JsonObject validity = new JsonObject();
        validity.addProperty("verdict", report.isValid() ? "valid" : "invalid");
        JsonArray findings = new JsonArray();
        for (Finding f : report.findings()) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", f.kind().name());
            o.addProperty("summary", f.kind().summary());
            o.addProperty("message", f.message());
            findings.add(o);
        }
        validity.add("findings", findings);
        JsonArray silenced = new JsonArray();
        for (ValidityReport.Silenced s : report.silenced()) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", s.finding().kind().name());
            o.addProperty("reason", s.reason());
            o.addProperty("message", s.finding().message());
            silenced.add(o);
        }
        validity.add("silenced", silenced);
        return validity;
    }
}
