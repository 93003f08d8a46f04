package io.robustunit.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.djl.ndarray.types.Shape;
import io.robustunit.assertj.InvalidEvaluationError;
import io.robustunit.assertj.error.Formats;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.Proportion;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.Measurement;
import io.robustunit.junit5.samples.GateSamples;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestTag;
import org.junit.platform.testkit.engine.Events;

class GateOutcomeTest {

    static final Path RESOURCES = Path.of("../../framework/src/test/resources");

    @Test
    void aFailingGateFailsItsTestWithTheMeasuredValueAndAPassingOnePasses() throws Exception {
        RobustnessReport expected;
        try (Classifier model = Classifiers.torchScript(
                RESOURCES.resolve("models/linear-fashion.pt"), InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10))) {
            LabeledImages data = FashionMnist.load(RESOURCES.resolve("fashion-mnist-200"), FashionMnist.Split.TEST)
                    .first(100);
            expected = RobustnessEvaluator.builder().build().evaluate(model, data, Attacks.fgsm(ThreatModel.linf(0.1)));
        }

        Events tests = Kit.run(GateSamples.Gates.class).testEvents();

        tests.assertStatistics(s -> s.started(3).succeeded(2).failed(1));
        tests.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("robustAccuracyIsFarTooLowForThisGate"),
                                finishedWithFailure(
                                        instanceOf(AssertionError.class),
                                        message(
                                                m -> m.equals(
                                                        "Expecting robust accuracy of linear-fashion.pt under FGSM(Linf eps=0.100) on 100 Fashion-MNIST"
                                                                + " test images to be at least 0.990 but was "
                                                                + Formats.measured(Measurement.of(
                                                                        new Proportion(expected.robustCount(), 100),
                                                                        0.95))
                                                                + "\nTo repair (TRADES fine-tuning against this threat model): mvn robustunit:repair"
                                                                + " -Drobustunit.model=linear-fashion.pt -Drobustunit.norm=linf -Drobustunit.eps=0.1")))));
    }

    @Test
    void threeGatesOnOneEvaluationRunItOnceThroughTheClassCache() {
        GateSamples.EVALUATIONS.clear();

        Kit.run(GateSamples.Gates.class);

        assertThat(GateSamples.EVALUATIONS).containsOnlyKeys("FGSM(Linf eps=0.100)");
        assertThat(GateSamples.EVALUATIONS.get("FGSM(Linf eps=0.100)")).hasValue(1);
    }

    @Test
    void anInvalidEvaluationFailsWithADistinctErrorNotAnAssertionError() {
        Kit.run(GateSamples.ProbabilityModel.class)
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("gateOnAnInvalidEvaluation"),
                                finishedWithFailure(
                                        instanceOf(InvalidEvaluationError.class),
                                        message(m -> m.startsWith(
                                                        "Invalid robustness evaluation (neither pass nor fail) of"
                                                                + " softmax-output.pt under FGSM(Linf eps=0.100) on 100 Fashion-MNIST test images")
                                                && m.contains("outputs are probabilities, not logits")))));
    }

    @Test
    void robustnessTestTagsItsTestsSoBuildsCanSelectThem() {
        assertThat(Kit.run(GateSamples.Gates.class).testEvents().started().stream()
                        .map(e -> e.getTestDescriptor().getTags().stream()
                                .map(TestTag::getName)
                                .toList()))
                .hasSize(3)
                .containsOnly(List.of("robustness"));
    }

    @Test
    void gatesInheritedFromAnAbstractClassAreCreditedToTheConcreteTestClass() {
        List<String> tests = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GateListeners.Registration r =
                GateListeners.register(o -> tests.add(o.testName().orElse("?")))) {
            Kit.run(GateSamples.FirstConcrete.class, GateSamples.SecondConcrete.class);
        }

        assertThat(tests).containsExactlyInAnyOrder("FirstConcrete.inheritedGate", "SecondConcrete.inheritedGate");
    }
}
