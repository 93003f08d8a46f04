package io.robustunit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustnessReportTest {

    static final List<String> CLASSES = List.of("cat", "dog");

    /** 1000 samples, 631 robust, 905 clean-correct, one finding. */
    static RobustnessReport sixThirtyOne() {
        RobustnessReport.Builder b = base();
        for (int i = 0; i < 1000; i++) {
            int label = i % 2;
            int clean = i < 905 ? label : 1 - label;
            int adv = i < 631 ? label : 1 - label;
            b.outcome(new SampleOutcome(
                    i, label, clean, adv, i / 10000.0, clean == label && adv != label ? "PGD" : null));
        }
        return b.finding(new ValidityFinding(
                        7, ValidityFinding.Kind.OUTSIDE_BALL, 0.12, 0.1, "Linf perturbation 0.12 exceeds epsilon 0.1"))
                .wallTime(Duration.ofMillis(1234))
                .build();
    }

    static RobustnessReport.Builder base() {
        return RobustnessReport.builder()
                .modelName("model.pt")
                .modelSha256("0123456789abcdef".repeat(4))
                .dataset("pets", CLASSES)
                .attack("PGD", "PGD(Linf eps=0.100, 20 steps)", ThreatModel.linf(0.1), 42);
    }

    @Test
    void accessorsGivePlainCountsAndFractions() {
        RobustnessReport r = sixThirtyOne();

        assertThat(r.robustCount()).isEqualTo(631);
        assertThat(r.robustAccuracy()).isEqualTo(0.631);
        assertThat(r.cleanCorrectCount()).isEqualTo(905);
        assertThat(r.brokenCount()).isEqualTo(274);
        assertThat(r.attackSuccessRate()).isEqualTo(274 / 905.0);
        assertThat(r.robustAccuracyInterval(0.95).lower()).isBetween(0.600, 0.601);
        assertThat(r.robustAccuracyInterval(0.95).upper()).isBetween(0.660, 0.661);
        assertThat(r.maxPerturbationNorm()).isEqualTo(0.0999);
        assertThat(r.isValid()).isFalse();
        assertThat(r.epsilon()).isEqualTo(0.1);
        assertThat(r.seed()).isEqualTo(42);
        assertThat(r)
                .hasToString("PGD(Linf eps=0.100, 20 steps) on model.pt, pets:"
                        + " robust 631/1000 (0.631), clean 905/1000 (0.905), 1 validity findings");
    }

    @Test
    void jsonRoundTripGivesAnEqualReport() {
        RobustnessReport r = sixThirtyOne();

        RobustnessReport back = RobustnessReport.fromJson(r.toJson());

        assertThat(back).isEqualTo(r);
        assertThat(back.toJson()).isEqualTo(r.toJson());
        assertThat(back.wallTime()).isEqualTo(Duration.ofMillis(1234));
        assertThat(back.modelSha256()).isEqualTo(r.modelSha256());
    }

    @Test
    void aReportWithoutCleanCorrectSamplesRoundTripsItsUndefinedSuccessRate() {
        RobustnessReport none = base().modelSha256(null)
                .outcome(new SampleOutcome(3, 0, 1, 1, 0.0, null))
                .build();

        RobustnessReport back = RobustnessReport.fromJson(none.toJson());

        assertThat(none.attackSuccessRate()).isNaN();
        assertThat(back).isEqualTo(none);
        assertThat(back.modelSha256()).isEmpty();
    }

    @Test
    void theJsonStatesVersionSummaryAndOutcomesForOtherTools() {
        JsonObject json = JsonParser.parseString(sixThirtyOne().toJson()).getAsJsonObject();

        assertThat(json.get("format").getAsString()).isEqualTo("robustunit.robustness-report");
        assertThat(json.get("formatVersion").getAsInt()).isEqualTo(1);
        JsonObject summary = json.getAsJsonObject("summary");
        assertThat(summary.get("robust").getAsInt()).isEqualTo(631);
        assertThat(summary.get("robustAccuracy").getAsDouble()).isEqualTo(0.631);
        assertThat(summary.getAsJsonArray("perClass")).hasSize(2);
        JsonObject first = json.getAsJsonArray("outcomes").get(0).getAsJsonObject();
        assertThat(first.get("verdict").getAsString()).isEqualTo("ROBUST");
        assertThat(json.getAsJsonObject("threatModel").get("norm").getAsString())
                .isEqualTo("LINF");
    }

    @Test
    void corruptJsonIsRejectedNamingWhatIsWrong() {
        String good = sixThirtyOne().toJson();

        assertThatThrownBy(() -> RobustnessReport.fromJson(good.substring(0, good.length() / 2)))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> RobustnessReport.fromJson(""))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> RobustnessReport.fromJson("[1, 2]"))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("must be a JSON object");
        assertRejected(
                good,
                j -> j.addProperty("formatVersion", 2),
                "field 'formatVersion' is 2 but this RobustUnit reads version 1; upgrade RobustUnit");
        assertRejected(
                good,
                j -> j.addProperty("format", "something-else"),
                "field 'format' is 'something-else' but 'robustunit.robustness-report' was expected");
        assertRejected(good, j -> j.remove("format"), "field 'format' is missing");
        assertRejected(
                good,
                j -> j.getAsJsonObject("threatModel").remove("epsilon"),
                "field 'threatModel.epsilon' is missing");
        assertRejected(
                good,
                j -> j.getAsJsonObject("threatModel").addProperty("norm", "L7"),
                "field 'threatModel' is invalid");
        assertRejected(
                good,
                j -> j.getAsJsonObject("attack").addProperty("seed", "zero"),
                "field 'attack.seed' must be an integer, found a string");
        assertRejected(
                good,
                j -> j.getAsJsonArray("outcomes").get(3).getAsJsonObject().addProperty("norm", -1),
                "field 'outcomes[3]' is not a valid outcome: sample 3: perturbationNorm must be >= 0");
        assertRejected(
                good,
                j -> j.getAsJsonObject("summary").addProperty("robust", 700),
                "field 'summary.robust' says 700 but the outcomes give 631");
        assertRejected(
                good,
                j -> j.getAsJsonArray("outcomes")
                        .add(j.getAsJsonArray("outcomes").get(0)),
                "dataset index 0 appears twice");
    }

    static void assertRejected(String json, Consumer<JsonObject> corruption, String message) {
        JsonObject tree = JsonParser.parseString(json).getAsJsonObject();
        corruption.accept(tree);
        assertThatThrownBy(() -> RobustnessReport.fromJson(tree.toString()))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining(message);
    }

    @Test
    void writtenFilesReadBackAndErrorsNameTheFile(@TempDir Path dir) throws Exception {
        RobustnessReport r = sixThirtyOne();
        Path file = dir.resolve("nested/report.json");

        r.writeJson(file);
        Path corrupt = dir.resolve("corrupt.json");
        Files.writeString(corrupt, "{\"format\": 1");

        assertThat(RobustnessReport.readJson(file)).isEqualTo(r);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        assertThatThrownBy(() -> RobustnessReport.readJson(corrupt))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith(corrupt.toString());
    }

    @Test
    void theBuilderRejectsInconsistentReports() {
        assertThatThrownBy(() -> base().build()).hasMessageContaining("at least one sample outcome");
        assertThatThrownBy(() -> base().outcome(new SampleOutcome(1, 0, 0, 0, 0, null))
                        .outcome(new SampleOutcome(1, 1, 1, 1, 0, null))
                        .build())
                .hasMessageContaining("dataset index 1 appears twice");
        assertThatThrownBy(() ->
                        base().outcome(new SampleOutcome(1, 2, 0, 0, 0, null)).build())
                .hasMessageContaining("outside [0, 2)");
        assertThatThrownBy(() -> base().outcome(new SampleOutcome(1, 0, 0, 0, 0, null))
                        .finding(new ValidityFinding(2, ValidityFinding.Kind.NOT_FINITE, 0, 0, "x"))
                        .build())
                .hasMessageContaining("finding for dataset index 2 which has no outcome");
        assertThatThrownBy(() -> new SampleOutcome(1, 0, 0, 1, 0, null))
                .hasMessageContaining("sample 1 is BROKEN: name the attack");
        assertThatThrownBy(() -> RobustnessReport.builder()
                        .dataset("d", CLASSES)
                        .attack("A", "A()", ThreatModel.linf(0.1), 0)
                        .outcome(new SampleOutcome(1, 0, 0, 0, 0, null))
                        .build())
                .hasMessageContaining("modelName must be set");
        assertThatThrownBy(() -> sixThirtyOne().outcome(5000))
                .hasMessageContaining("dataset index 5000 is not part of this report");
    }

    @Test
    void retainedExamplesMustBelongToASampleAndAreCopiedDefensively() {
        float[] pixels = {0.1f, 0.2f};
        AdversarialExample example =
                new AdversarialExample(1, 0, 0, 1, new int[] {1, 1, 2}, pixels, new float[] {0.2f, 0.3f});
        pixels[0] = 9f;

        assertThat(example.original()).containsExactly(0.1f, 0.2f);
        assertThatThrownBy(() -> base().outcome(new SampleOutcome(0, 0, 0, 0, 0, null))
                        .examples(java.util.List.of(example))
                        .build())
                .hasMessage("adversarial example for dataset index 1 which has no outcome");
        assertThatThrownBy(() -> new AdversarialExample(1, 0, 0, 1, new int[] {1, 2, 2}, new float[2], new float[2]))
                .hasMessage("sample 1: shape [1, 2, 2] needs 4 values, got 2 original and 2 adversarial");
    }

    @Test
    void theSummaryShowsAccuraciesWithCountsIntervalAndTheClassTable() {
        String text = sixThirtyOne().summary();

        assertThat(text)
                .contains("Robust accuracy: 0.631 (631/1000)  95% CI [0.600, 0.661]")
                .contains("Clean accuracy:  0.905 (905/1000)")
                .contains("Attack success:  0.303 (274/905)")
                .contains("Wall time:       1.2 s")
                .contains("1 findings — the evaluation is INVALID")
                .containsPattern("cat\\s+500\\s+0\\.906 \\(453/500\\)\\s+0\\.632 \\(316/500\\)");
    }

    @Test
    void mergingOneReportGivesItBack() {
        RobustnessReport r = sixThirtyOne();
        assertThat(RobustnessReport.merge(r)).isEqualTo(r);
        assertThatThrownBy(() -> RobustnessReport.merge(new ArrayList<>())).hasMessageContaining("at least one report");
    }

    @Test
    void reportsComputedWithOtherNumericSettingsDoNotMerge() {
        RobustnessReport a = base().numerics("20-row calls, memory format auto")
                .outcome(new SampleOutcome(0, 0, 0, 0, 0.0, null))
                .build();
        RobustnessReport b = base().numerics("16-row calls, memory format contiguous")
                .outcome(new SampleOutcome(1, 1, 1, 1, 0.0, null))
                .build();
        RobustnessReport unrecorded =
                base().outcome(new SampleOutcome(2, 0, 0, 0, 0.0, null)).build();

        assertThatThrownBy(() -> RobustnessReport.merge(List.of(a, b), List.of("a.json", "b.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot merge b.json with a.json: they were computed with different numeric settings"
                        + " ('16-row calls, memory format contiguous' vs '20-row calls, memory format auto'); run"
                        + " every shard with the same -Drobustunit.forwardRows and -Drobustunit.memoryFormat"
                        + " (defaults: 20 and auto)");
        RobustnessReport same = base().numerics("20-row calls, memory format auto")
                .outcome(new SampleOutcome(3, 1, 1, 1, 0.0, null))
                .build();
        assertThat(RobustnessReport.merge(a, same).numerics()).contains("20-row calls, memory format auto");
        assertThat(RobustnessReport.merge(a, unrecorded).numerics()).isEmpty();
        assertThatThrownBy(() -> RobustnessReport.merge(unrecorded, a, b))
                .hasMessageStartingWith("cannot merge report 2 with report 1: they were computed with different");

        RobustnessReport read = RobustnessReport.fromJson(a.toJson());
        assertThat(read.numerics()).contains("20-row calls, memory format auto");
        assertThat(RobustnessReport.fromJson(unrecorded.toJson()).numerics()).isEmpty();
    }
}
