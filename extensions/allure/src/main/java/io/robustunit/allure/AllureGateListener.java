package io.robustunit.allure;

import static org.apiguardian.api.API.Status.STABLE;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.robustunit.allure.render.AdversarialExampleGrid;
import io.robustunit.allure.render.CertificationCharts;
import io.robustunit.allure.render.FeatureChangesTable;
import io.robustunit.allure.render.GateJson;
import io.robustunit.allure.render.PerClassTable;
import io.robustunit.allure.render.RenderedAttachment;
import io.robustunit.allure.render.RobustnessCurveChart;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.GateListener;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Shows every robustness gate in the Allure report of the test that evaluated it: a step named
 * after the gate ({@code robust accuracy >= 0.700}) with its parameters (model and file hash,
 * dataset and sample count, attack with all settings, threat model, seed, measured value,
 * threshold, confidence interval), its status (passed, failed, or broken for an invalid gate) and
 * attachments: the JSON report, the robustness curve of a sweep, the first broken samples, and the
 * per-class table. The test gets the labels {@code feature=robustness}, {@code attack},
 * {@code threatModel} and matching tags, so gates can be filtered.
 *
 * <p>Registered through {@link java.util.ServiceLoader}: putting {@code robustunit-allure} on the
 * test classpath is enough. Outside a running Allure test (no Allure adapter on the classpath) it
 * does nothing. The lifecycle is injectable for tests:
 *
 * <pre>{@code
 * AllureLifecycle lifecycle = new AllureLifecycle(inMemoryWriter);
 * GateListeners.register(new AllureGateListener(lifecycle));
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class AllureGateListener implements GateListener {

    /** Value of the {@code feature} label every test with a gate gets. */
    public static final String FEATURE = "robustness";

    private final Supplier<AllureLifecycle> lifecycle;
    private final GateJson json = new GateJson();
    private final RobustnessCurveChart curveChart = new RobustnessCurveChart();
    private final AdversarialExampleGrid exampleGrid = new AdversarialExampleGrid();
    private final FeatureChangesTable featureTable = new FeatureChangesTable();
    private final PerClassTable perClassTable = new PerClassTable();
    private final CertificationCharts certificationCharts = new CertificationCharts();

    /**
     * The listener {@link java.util.ServiceLoader} creates, on {@link Allure#getLifecycle()}. Fails
     * with {@link NoClassDefFoundError} when Allure is not on the classpath, so discovery skips it.
     */
    public AllureGateListener() {
        this(Allure::getLifecycle);
    }

    /** A listener reporting to the given lifecycle. */
    public AllureGateListener(AllureLifecycle lifecycle) {
        this(constant(Objects.requireNonNull(lifecycle, "lifecycle")));
    }

    private AllureGateListener(Supplier<AllureLifecycle> lifecycle) {
        this.lifecycle = lifecycle;
    }

    private static Supplier<AllureLifecycle> constant(AllureLifecycle lifecycle) {
        return () -> lifecycle;
    }

    @Override
    public void gateEvaluated(GateOutcome outcome) {
        AllureLifecycle allure = lifecycle.get();
        if (allure.getCurrentTestCaseOrStep().isEmpty()) {
            return;
        }
        List<RenderedAttachment> attachments = attachments(outcome);
        String uuid = UUID.randomUUID().toString();
        allure.startStep(
                uuid, new StepResult().setName(outcome.description()).setParameters(GateParameters.of(outcome)));
        try {
            for (RenderedAttachment a : attachments) {
                allure.addAttachment(a.name(), a.mimeType(), a.extension(), a.content());
            }
            allure.updateStep(
                    uuid,
                    step -> step.setStatus(status(outcome.status()))
                            .setStatusDetails(new StatusDetails()
                                    .setMessage(outcome.message().orElse(null))));
        } finally {
            allure.stopStep(uuid);
        }
        allure.updateTestCase(test -> addLabels(test, outcome));
    }

    /**
     * The attachments of a gate, in the order they appear in the report. A renderer that fails is
     * replaced by a text attachment saying why, so the step and its other attachments still appear.
     */
    List<RenderedAttachment> attachments(GateOutcome outcome) {
        List<RenderedAttachment> attachments = new ArrayList<>();
        render(attachments, GateJson.NAME, () -> json.render(outcome));
        outcome.curve()
                .ifPresent(curve -> render(
                        attachments,
                        RobustnessCurveChart.NAME,
                        () -> curveChart.render(curve, OptionalDouble.of(outcome.threshold()))));
        outcome.certification().ifPresent(c -> {
            render(
                    attachments,
                    CertificationCharts.CURVE_NAME,
                    () -> certificationCharts.curve(c, OptionalDouble.of(outcome.threshold())));
            render(attachments, CertificationCharts.HISTOGRAM_NAME, () -> certificationCharts.radiusHistogram(c));
        });
        focus(outcome).ifPresent(report -> {
            if (FeatureChangesTable.applies(report.examples())) {
                render(
                        attachments,
                        FeatureChangesTable.NAME,
                        () -> featureTable.render(report.examples(), report.classNames()));
            } else if (!report.examples().isEmpty()) {
                render(
                        attachments,
                        AdversarialExampleGrid.NAME,
                        () -> exampleGrid.render(report.examples(), report.classNames()));
            }
            render(attachments, PerClassTable.HTML_NAME, () -> perClassTable.html(report));
            render(attachments, PerClassTable.CSV_NAME, () -> perClassTable.csv(report));
        });
        return attachments;
    }

    private static void render(
            List<RenderedAttachment> attachments, String name, Supplier<RenderedAttachment> renderer) {
        try {
            attachments.add(renderer.get());
        } catch (RuntimeException e) {
            attachments.add(RenderedAttachment.text(
                    name + " (not rendered)",
                    "text/plain",
                    "txt",
                    "RobustUnit could not render the " + name + ": " + e));
        }
    }

    /** The report whose samples the pictures show: the gate's own, else the sweep's largest radius. */
    private static Optional<RobustnessReport> focus(GateOutcome outcome) {
        return outcome.report()
                .or(() -> outcome.curve().map(c -> c.reports().get(c.reports().size() - 1)));
    }

    static Status status(GateStatus status) {
        return switch (status) {
            case PASS -> Status.PASSED;
            case FAIL -> Status.FAILED;
            case INVALID -> Status.BROKEN;
        };
    }

    private static void addLabels(TestResult test, GateOutcome outcome) {
        addLabel(test, "feature", FEATURE);
        addLabel(test, "tag", FEATURE);
        RobustnessReport source = outcome.report()
                .orElseGet(() -> outcome.curve().map(c -> c.reports().get(0)).orElse(null));
        if (outcome.certification().isPresent()) {
            addLabel(test, "attack", "randomized smoothing");
            addLabel(test, "tag", "certified");
            addLabel(test, "threatModel", "L2 (certified)");
        }
        if (source != null) {
            addLabel(test, "attack", source.attackName());
            addLabel(test, "tag", "attack:" + source.attackName());
            String threat = outcome.report().isPresent()
                    ? source.threatModel().toString()
                    : source.norm().toString();
            addLabel(test, "threatModel", threat);
            addLabel(test, "tag", "threat:" + threat);
        }
    }

    private static void addLabel(TestResult test, String name, String value) {
        boolean present =
                test.getLabels().stream().anyMatch(l -> name.equals(l.getName()) && value.equals(l.getValue()));
        if (!present) {
            test.getLabels().add(new Label().setName(name).setValue(value));
        }
    }
}
