package io.robustunit.junit5.samples;

import static io.robustunit.assertj.RobustnessAssertions.assertThat;

import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.junit5.EvaluationData;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Gradient-based and randomised attacks in one class; each test publishes the per-sample outcomes
 * of its evaluation as a report entry so a run in parallel can be compared with a sequential one.
 */
@RobustnessTest
public class ParallelSample {

    public static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

    @TrainedModel(resource = "models/linear-fashion.pt")
    static Classifier model;

    @EvaluationData(resource = "fashion-mnist-200", limit = 60)
    static LabeledImages data;

    @Test
    void fgsm(TestReporter reporter) {
        publish(reporter, Attacks.fgsm(ThreatModel.linf(0.03)));
    }

    @Test
    void pgdWithRandomStart(TestReporter reporter) {
        publish(
                reporter,
                Attacks.pgd(ThreatModel.linf(0.03)).steps(5).randomStart(true).seed(3));
    }

    @Test
    void pgdWithRandomStartAgain(TestReporter reporter) {
        publish(
                reporter,
                Attacks.pgd(ThreatModel.linf(0.03)).steps(5).randomStart(true).seed(3));
    }

    @Test
    void square(TestReporter reporter) {
        publish(reporter, Attacks.square(ThreatModel.linf(0.05)).queries(30).seed(1));
    }

    @Test
    void apgd(TestReporter reporter) {
        publish(reporter, Attacks.apgdCe(ThreatModel.linf(0.03)).iterations(10).seed(2));
    }

    private static void publish(TestReporter reporter, Attack attack) {
        THREADS.add(Thread.currentThread().getName());
        RobustnessReport report =
                assertThat(model).on(data).underAttack(attack).isValid().actual();
        String outcomes =
                report.outcomes().stream().map(SampleOutcome::toString).collect(Collectors.joining(";"));
        reporter.publishEntry(attack.toString(), outcomes);
    }
}
