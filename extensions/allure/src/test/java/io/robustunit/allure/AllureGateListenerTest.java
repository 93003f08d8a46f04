package io.robustunit.allure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.robustunit.eval.AdversarialExample;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.GateListener;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.gate.MarkdownSummaryListener;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class AllureGateListenerTest {

    final InMemoryResultsWriter writer = new InMemoryResultsWriter();
    final AllureLifecycle lifecycle = new AllureLifecycle(writer);
    final AllureGateListener listener = new AllureGateListener(lifecycle);

    /** Runs {@code body} inside an Allure test case, as allure-junit5 would, and returns its result. */
    TestResult inTest(Runnable body) {
        String uuid = UUID.randomUUID().toString();
        lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName("fashionModelResistsPgd"));
        lifecycle.startTestCase(uuid);
        body.run();
        lifecycle.stopTestCase(uuid);
        lifecycle.writeTestCase(uuid);
        return writer.testResults.stream()
                .filter(t -> t.getUuid().equals(uuid))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aFailedGateIsAFailedStepWithItsParametersAndMessage() {
        RobustnessReport report = Fixtures.report(0.1, 63, 100, 4);
        GateOutcome outcome = Fixtures.robustAccuracy(report, 0.7)
                .message("expected robust accuracy >= 0.700 but was 0.630 (63/100)")
                .build();

        TestResult test = inTest(() -> listener.gateEvaluated(outcome));

        assertThat(test.getSteps()).hasSize(1);
        StepResult step = test.getSteps().get(0);
        assertThat(step.getName()).isEqualTo("robust accuracy >= 0.700");
        assertThat(step.getStatus()).isEqualTo(Status.FAILED);
        assertThat(step.getStatusDetails().getMessage())
                .isEqualTo("expected robust accuracy >= 0.700 but was 0.630 (63/100)");
        assertThat(step.getParameters())
                .extracting(Parameter::getName, Parameter::getValue)
                .containsExactly(
                        tuple("model", "fashion.pt"),
                        tuple("model sha256", Fixtures.SHA),
                        tuple("dataset", "Fashion-MNIST test"),
                        tuple("samples", "100"),
                        tuple("attack", Fixtures.attack(0.1)),
                        tuple("threat model", "Linf eps=0.100"),
                        tuple("seed", "7"),
                        tuple("measured", "0.630 (63/100)"),
                        tuple("threshold", ">= 0.700"),
                        tuple(
                                "confidence interval",
                                report.robustAccuracyInterval(0.95).toString()));
        assertThat(step.getStart()).isNotNull();
        assertThat(step.getStop()).isNotNull();
    }

    @Test
    void aSingleReportGateCarriesJsonExamplesAndThePerClassTable() {
        RobustnessReport report = Fixtures.report(0.1, 63, 100, 4);
        GateOutcome outcome = Fixtures.robustAccuracy(report, 0.6).build();

        StepResult step =
                inTest(() -> listener.gateEvaluated(outcome)).getSteps().get(0);

        assertThat(step.getStatus()).isEqualTo(Status.PASSED);
        assertThat(step.getAttachments())
                .extracting(Attachment::getName, Attachment::getType)
                .containsExactly(
                        tuple("robustness report (JSON)", "application/json"),
                        tuple("adversarial examples", "image/png"),
                        tuple("per-class accuracy", "text/html"),
                        tuple("per-class accuracy (CSV)", "text/csv"));
        assertThat(text(step.getAttachments().get(0))).isEqualTo(outcome.toJson());
        BufferedImage grid = png(step.getAttachments().get(1));
        assertThat(grid.getHeight()).as("four rows of examples").isGreaterThan(4 * 112);
        assertThat(text(step.getAttachments().get(3)))
                .startsWith("label,class,samples")
                .contains("0,T-shirt/top,34,34,1.000,");
        assertThat(step.getAttachments())
                .allSatisfy(a -> assertThat(a.getSource())
                        .endsWith(
                                a.getType().equals("image/png")
                                        ? ".png"
                                        : a.getType().equals("text/csv")
                                                ? ".csv"
                                                : a.getType().equals("text/html") ? ".html" : ".json"));
    }

    @Test
    void aSweepGateCarriesTheRobustnessCurve() {
        RobustnessCurve curve = Fixtures.curve();
        GateOutcome outcome = GateOutcome.builder()
                .description("robust accuracy >= 0.500 up to eps 0.050")
                .metric("robust accuracy")
                .threshold(0.5)
                .measured(70, 100)
                .status(GateStatus.PASS)
                .curve(curve)
                .build();

        StepResult step =
                inTest(() -> listener.gateEvaluated(outcome)).getSteps().get(0);

        assertThat(step.getAttachments())
                .extracting(Attachment::getName)
                .containsExactly(
                        "robustness report (JSON)",
                        "robustness curve",
                        "adversarial examples",
                        "per-class accuracy",
                        "per-class accuracy (CSV)");
        BufferedImage chart = png(step.getAttachments().get(1));
        assertThat(chart.getWidth()).isEqualTo(800);
        assertThat(step.getParameters())
                .extracting(Parameter::getName, Parameter::getValue)
                .contains(
                        tuple("threat model", "Linf eps 0.000, 0.050, 0.100, 0.200"),
                        tuple("attack", "PGD Linf sweep, eps 0.000, 0.050, 0.100, 0.200"));
    }

    @Test
    void aGateOnOneRadiusOfASweepShowsThatRadiusAndTheSweep() {
        RobustnessCurve curve = Fixtures.curve();
        RobustnessReport at005 = curve.at(0.05);
        GateOutcome outcome = Fixtures.robustAccuracy(at005, 0.6).curve(curve).build();

        StepResult step =
                inTest(() -> listener.gateEvaluated(outcome)).getSteps().get(0);

        assertThat(step.getParameters())
                .extracting(Parameter::getName, Parameter::getValue)
                .contains(
                        tuple("attack", Fixtures.attack(0.05)),
                        tuple("threat model", "Linf eps=0.050"),
                        tuple("sweep", "Linf eps 0.000, 0.050, 0.100, 0.200"));
        assertThat(step.getAttachments())
                .extracting(Attachment::getName)
                .containsExactly(
                        "robustness report (JSON)",
                        "robustness curve",
                        "adversarial examples",
                        "per-class accuracy",
                        "per-class accuracy (CSV)");
        assertThat(text(step.getAttachments().get(4)))
                .isEqualTo(new io.robustunit.allure.render.PerClassTable()
                        .csv(at005)
                        .contentAsText());
    }

    @Test
    void anInvalidGateIsABrokenStep() {
        GateOutcome invalid = GateOutcome.builder()
                .description("robust accuracy >= 0.700")
                .metric("robust accuracy")
                .threshold(0.7)
                .status(GateStatus.INVALID)
                .modelName("fashion.pt")
                .message("3 adversarial examples lie outside the threat model")
                .build();

        StepResult step =
                inTest(() -> listener.gateEvaluated(invalid)).getSteps().get(0);

        assertThat(step.getStatus()).isEqualTo(Status.BROKEN);
        assertThat(step.getStatusDetails().getMessage()).contains("outside the threat model");
        assertThat(step.getAttachments()).extracting(Attachment::getName).containsExactly("robustness report (JSON)");
        assertThat(step.getParameters())
                .extracting(Parameter::getName, Parameter::getValue)
                .containsExactly(
                        tuple("model", "fashion.pt"), tuple("measured", "n/a"), tuple("threshold", ">= 0.700"));
    }

    @Test
    void theTestIsLabelledForFilteringOncePerDistinctValue() {
        GateOutcome pgd01 =
                Fixtures.robustAccuracy(Fixtures.report(0.1, 63, 100, 0), 0.6).build();
        GateOutcome pgd02 =
                Fixtures.robustAccuracy(Fixtures.report(0.2, 30, 100, 0), 0.2).build();

        TestResult test = inTest(() -> {
            listener.gateEvaluated(pgd01);
            listener.gateEvaluated(pgd01);
            listener.gateEvaluated(pgd02);
        });

        assertThat(test.getSteps()).hasSize(3);
        assertThat(test.getLabels())
                .extracting(Label::getName, Label::getValue)
                .containsExactlyInAnyOrder(
                        tuple("feature", "robustness"),
                        tuple("tag", "robustness"),
                        tuple("attack", "PGD"),
                        tuple("tag", "attack:PGD"),
                        tuple("threatModel", "Linf eps=0.100"),
                        tuple("tag", "threat:Linf eps=0.100"),
                        tuple("threatModel", "Linf eps=0.200"),
                        tuple("tag", "threat:Linf eps=0.200"));
    }

    @Test
    void outsideARunningAllureTestNothingIsRecorded() {
        listener.gateEvaluated(
                Fixtures.robustAccuracy(Fixtures.report(0.1, 63, 100, 2), 0.7).build());

        assertThat(writer.testResults).isEmpty();
        assertThat(writer.attachments).isEmpty();
    }

    @Test
    void aRendererThatFailsLeavesANoteInsteadOfLosingTheStep() {
        RobustnessReport flat = RobustnessReport.builder()
                .modelName("tabular.pt")
                .dataset("rows", List.of("no", "yes"))
                .attack("PGD", "PGD(eps=0.1)", io.robustunit.threat.ThreatModel.linf(0.1), 0)
                .outcome(new io.robustunit.eval.SampleOutcome(0, 0, 0, 1, 0.1, "PGD"))
                .examples(
                        List.of(new AdversarialExample(0, 0, 0, 1, new int[] {1, 1, 2, 2}, new float[4], new float[4])))
                .build();

        StepResult step = inTest(() -> listener.gateEvaluated(
                        Fixtures.robustAccuracy(flat, 0.5).build()))
                .getSteps()
                .get(0);

        assertThat(step.getStatus()).isEqualTo(Status.FAILED);
        Attachment note = step.getAttachments().get(1);
        assertThat(note.getName()).isEqualTo("adversarial examples (not rendered)");
        assertThat(text(note)).contains("only images [channels, height, width] can be drawn");
        assertThat(step.getAttachments()).extracting(Attachment::getName).contains("per-class accuracy");
    }

    @Test
    void featureVectorsGetATableOfTheirLargestChangesInsteadOfAGrid() {
        RobustnessReport flat = RobustnessReport.builder()
                .modelName("tabular.pt")
                .dataset("rows", List.of("no", "yes"))
                .attack("PGD", "PGD(eps=0.1)", io.robustunit.threat.ThreatModel.linf(0.1), 0)
                .outcome(new io.robustunit.eval.SampleOutcome(0, 0, 0, 1, 0.1, "PGD"))
                .examples(List.of(new AdversarialExample(
                        0, 0, 0, 1, new int[] {4}, new float[4], new float[] {0f, 0.1f, 0f, 0f})))
                .build();

        StepResult step = inTest(() -> listener.gateEvaluated(
                        Fixtures.robustAccuracy(flat, 0.5).build()))
                .getSteps()
                .get(0);

        Attachment table = step.getAttachments().get(1);
        assertThat(table.getName()).isEqualTo("adversarial examples (largest feature changes)");
        assertThat(text(table)).contains("0,no,no,yes,\"f1:+0.1000");
    }

    @Test
    void serviceLoaderDiscoversItBesideTheMarkdownSummary() {
        List<GateListener> listeners = GateListeners.listeners();

        assertThat(listeners)
                .hasAtLeastOneElementOfType(AllureGateListener.class)
                .hasAtLeastOneElementOfType(MarkdownSummaryListener.class);
    }

    private String text(Attachment attachment) {
        return new String(writer.attachments.get(attachment.getSource()), StandardCharsets.UTF_8);
    }

    private BufferedImage png(Attachment attachment) {
        assertThat(attachment.getType()).isEqualTo("image/png");
        try {
            BufferedImage image =
                    ImageIO.read(new ByteArrayInputStream(writer.attachments.get(attachment.getSource())));
            assertThat(image).isNotNull();
            return image;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCertifiedGateAttachesTheCertifiedAccuracyCurveAndTheRadiusHistogram() {
        var certification = io.robustunit.allure.render.CertificationChartsTestAccess.report();
        GateOutcome outcome = GateOutcome.builder()
                .description("certified accuracy at L2 radius 0.250 >= 0.400")
                .metric("certified accuracy")
                .threshold(0.4)
                .measured(certification.certifiedCount(0.25), 40)
                .status(io.robustunit.gate.GateStatus.PASS)
                .certification(certification)
                .build();

        TestResult test = inTest(() -> listener.gateEvaluated(outcome));

        StepResult step = test.getSteps().get(0);
        assertThat(step.getStatus()).isEqualTo(Status.PASSED);
        assertThat(step.getAttachments())
                .extracting(a -> a.getName())
                .contains("certified accuracy curve", "certified radius histogram");
        assertThat(step.getParameters())
                .extracting(Parameter::getName, Parameter::getValue)
                .contains(
                        tuple("model", "m.pt"),
                        tuple("samples", "40"),
                        tuple(
                                "attack",
                                "randomized smoothing, Gaussian sigma=0.5, n0=10, n=1000, alpha=0.001, seed=0"));
        assertThat(test.getLabels())
                .extracting(l -> l.getName() + "=" + l.getValue())
                .contains("attack=randomized smoothing", "tag=certified");
    }
}
