package com.example.fashion.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report pipeline end to end, after the gates ran under Surefire: renders
 * {@code target/allure-results} with the Allure command line the build unpacked, checks the
 * report's data for a robustness step with its parameters and curve, then serves the report on
 * 127.0.0.1 and opens the test's page in headless Chromium.
 */
class AllureReportIT {

    static Path results;
    static Path report;
    static Path logs;

    @BeforeAll
    static void renderTheReport() throws Exception {
        results = Path.of(required("robustunit.allure.results"));
        report = Path.of(required("robustunit.allure.report"));
        logs = report.resolveSibling("allure-it-logs");
        Files.createDirectories(logs);
        try (Stream<Path> files = Files.list(results)) {
            assertThat(files.filter(f -> f.toString().endsWith("-result.json")))
                    .as("test results in %s (written by the gates under Surefire)", results)
                    .isNotEmpty();
        }
        new AllureCommandLine(Path.of(required("robustunit.allure.home")))
                .generate(results, report, logs.resolve("allure-generate.log"));
    }

    @Test
    void theReportDataHasTheGateStepWithItsParametersAndCurve() throws Exception {
        GateStep gate = findGateStepWithCurve();

        assertThat(gate.step.get("status").getAsString()).isEqualTo("passed");
        assertThat(parameter(gate.step, "model")).isEqualTo("fashion-mnist-natural.pt");
        assertThat(parameter(gate.step, "model sha256")).matches("[0-9a-f]{64}");
        assertThat(parameter(gate.step, "attack")).startsWith("FGSM(Linf eps=0.010");
        assertThat(parameter(gate.step, "samples")).isEqualTo("100");
        assertThat(labels(gate.testCase)).contains("feature=robustness", "attack=FGSM");
        BufferedImage curve = png(Files.readAllBytes(report.resolve("data/attachments/" + gate.curveSource)));
        assertThat(curve.getWidth()).isEqualTo(800);
        assertThat(curve.getHeight()).isEqualTo(500);
    }

    @Test
    void chromiumRendersTheTestPageWithTheStepItsParametersAndTheCurveLink() throws Exception {
        GateStep gate = findGateStepWithCurve();

        String dom;
        byte[] servedCurve;
        try (StaticFileServer server = StaticFileServer.serve(report);
                HeadlessChromium chromium = HeadlessChromium.locate(logs.resolve("chromium.log"))) {
            dom = chromium.dumpDom(
                    server.url("/#testresult/" + gate.testCase.get("uid").getAsString()), 15_000);
            servedCurve = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.url("/data/attachments/" + gate.curveSource))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .body();
        }
        Files.writeString(logs.resolve("testresult-dom.html"), dom);

        assertThat(dom)
                .as("DOM of the test page (saved in %s)", logs.resolve("testresult-dom.html"))
                .contains(gate.testCase.get("name").getAsString())
                .contains(escapeHtml(gate.step.get("name").getAsString()))
                .contains("model sha256", parameter(gate.step, "model sha256"))
                .contains(escapeHtml(parameter(gate.step, "attack")))
                .contains("data/attachments/" + gate.curveSource);
        assertThat(png(servedCurve).getWidth()).isEqualTo(800);
    }

    /** A test case of the report, one of its steps, and the source of that step's curve. */
    record GateStep(JsonObject testCase, JsonObject step, String curveSource) {}

    private static GateStep findGateStepWithCurve() throws IOException {
        List<String> seen = new ArrayList<>();
        try (Stream<Path> cases = Files.list(report.resolve("data/test-cases"))) {
            for (Path file : cases.toList()) {
                JsonObject testCase =
                        JsonParser.parseString(Files.readString(file)).getAsJsonObject();
                for (JsonObject step : steps(testCase.getAsJsonObject("testStage"))) {
                    seen.add(testCase.get("name").getAsString() + " > "
                            + step.get("name").getAsString());
                    Optional<String> curve = attachment(step, "robustness curve", "image/png");
                    if (step.get("name").getAsString().startsWith("robust accuracy >= ") && curve.isPresent()) {
                        return new GateStep(testCase, step, curve.get());
                    }
                }
            }
        }
        throw new AssertionError(
                "no step 'robust accuracy >= ...' with a robustness curve in " + report + "; steps found: " + seen);
    }

    /** The steps of a stage (absent in a test without steps) and all their sub-steps. */
    private static List<JsonObject> steps(JsonObject stage) {
        List<JsonObject> all = new ArrayList<>();
        if (stage != null && stage.has("steps")) {
            for (JsonElement s : stage.getAsJsonArray("steps")) {
                all.add(s.getAsJsonObject());
                all.addAll(steps(s.getAsJsonObject()));
            }
        }
        return all;
    }

    private static Optional<String> attachment(JsonObject step, String name, String type) {
        for (JsonElement a : step.getAsJsonArray("attachments")) {
            JsonObject attachment = a.getAsJsonObject();
            if (attachment.get("name").getAsString().equals(name)
                    && attachment.get("type").getAsString().equals(type)) {
                return Optional.of(attachment.get("source").getAsString());
            }
        }
        return Optional.empty();
    }

    private static String parameter(JsonObject step, String name) {
        for (JsonElement p : step.getAsJsonArray("parameters")) {
            if (p.getAsJsonObject().get("name").getAsString().equals(name)) {
                return p.getAsJsonObject().get("value").getAsString();
            }
        }
        throw new AssertionError("step '" + step.get("name").getAsString() + "' has no parameter '" + name + "': "
                + step.getAsJsonArray("parameters"));
    }

    private static List<String> labels(JsonObject testCase) {
        JsonArray labels = testCase.getAsJsonArray("labels");
        List<String> out = new ArrayList<>();
        labels.forEach(l -> out.add(l.getAsJsonObject().get("name").getAsString() + "="
                + l.getAsJsonObject().get("value").getAsString()));
        return out;
    }

    private static BufferedImage png(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as("a PNG image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run this"
                    + " test with mvn verify in sample-tests (the failsafe plugin sets it)");
        }
        return value;
    }
}
