package io.robustunit.junit5.samples;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;

import io.robustunit.attack.Attacks;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.EvaluationListener;
import io.robustunit.eval.EvaluationProgress;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.junit5.EvaluationData;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

public final class GateSamples {

    private GateSamples() {}

    /** Evaluations started, by attack description. */
    public static final Map<String, AtomicInteger> EVALUATIONS = new ConcurrentHashMap<>();

    static final RobustnessEvaluator COUNTING = RobustnessEvaluator.builder()
            .listener(new EvaluationListener() {
                @Override
                public void started(EvaluationProgress progress) {
                    EVALUATIONS
                            .computeIfAbsent(progress.attackDescription(), k -> new AtomicInteger())
                            .incrementAndGet();
                }

                @Override
                public void progressed(EvaluationProgress progress) {}
            })
            .build();

    @RobustnessTest
    public static class Gates {
        @TrainedModel(resource = "models/linear-fashion.pt")
        static Classifier model;

        @EvaluationData(resource = "fashion-mnist-200", limit = 100)
        static LabeledImages data;

        @Test
        void cleanAccuracyIsHighEnough() {
            assertThat(model)
                    .on(data)
                    .evaluatedBy(COUNTING)
                    .underAttack(Attacks.fgsm(ThreatModel.linf(0.1)))
                    .hasCleanAccuracyAtLeast(0.5);
        }

        @Test
        void robustAccuracyIsFarTooLowForThisGate() {
            assertThat(model)
                    .on(data)
                    .evaluatedBy(COUNTING)
                    .underAttack(Attacks.fgsm(ThreatModel.linf(0.1)))
                    .hasRobustAccuracyAtLeast(0.99);
        }

        @Test
        void accuracyDropIsBounded() {
            assertThat(model)
                    .on(data)
                    .evaluatedBy(COUNTING)
                    .underAttack(Attacks.fgsm(ThreatModel.linf(0.1)))
                    .hasAccuracyDropAtMost(1.0);
        }
    }

    @RobustnessTest
    public static class ProbabilityModel {
        @TrainedModel(resource = "models/softmax-output.pt")
        static Classifier model;

        @EvaluationData(resource = "fashion-mnist-200", limit = 100)
        static LabeledImages data;

        @Test
        void gateOnAnInvalidEvaluation() {
            assertThat(model)
                    .on(data)
                    .underAttack(Attacks.fgsm(ThreatModel.linf(0.1)))
                    .hasRobustAccuracyAtLeast(0.0);
        }
    }

    /** Gates declared once, inherited by two concrete test classes. */
    public abstract static class InheritedGates {
        @TrainedModel(resource = "models/linear-fashion.pt")
        static Classifier model;

        @EvaluationData(resource = "fashion-mnist-200", limit = 20)
        static LabeledImages data;

        @Test
        void inheritedGate() {
            assertThat(model)
                    .on(data)
                    .underAttack(Attacks.fgsm(ThreatModel.linf(0.01)))
                    .hasCleanAccuracyAtLeast(0.0);
        }
    }

    @RobustnessTest
    public static class FirstConcrete extends InheritedGates {}

    @RobustnessTest
    public static class SecondConcrete extends InheritedGates {}
}
