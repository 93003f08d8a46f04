package io.robustunit.gate;

import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.threat.ThreatModel;
import java.util.List;

/** Reports and outcomes made by hand, without a model. */
final class GateFixtures {

    static final String SHA = "1a2b3c4d5e6f" + "0".repeat(52);
    static final String PGD = "PGD(Linf eps=0.100, 20 steps, step 0.010, random start, seed 7)";

    private GateFixtures() {}

    /** {@code robust} of {@code total} samples resist; the rest are broken. */
    static RobustnessReport report(double epsilon, int robust, int total) {
        RobustnessReport.Builder b = RobustnessReport.builder()
                .modelName("fashion.pt")
                .modelSha256(SHA)
                .dataset("Fashion-MNIST test", List.of("t-shirt", "trouser"))
                .attack(
                        "PGD",
                        PGD.replace("0.100", String.format(java.util.Locale.ROOT, "%.3f", epsilon)),
                        ThreatModel.linf(epsilon),
                        7);
        for (int i = 0; i < total; i++) {
            boolean resists = i < robust;
            b.outcome(new SampleOutcome(
                    i, i % 2, i % 2, resists ? i % 2 : 1 - i % 2, resists ? 0.0 : epsilon, resists ? null : "PGD"));
        }
        return b.build();
    }

    static RobustnessCurve curve() {
        return RobustnessCurve.of(List.of(report(0.0, 10, 10), report(0.1, 7, 10), report(0.2, 3, 10)));
    }

    /** A failed robust-accuracy gate on {@link #report(double, int, int) report(0.1, 631, 1000)}. */
    static GateOutcome failed() {
        RobustnessReport report = report(0.1, 631, 1000);
        return robustAccuracy(report, 0.7)
                .status(GateStatus.FAIL)
                .message("expected robust accuracy >= 0.700 but was 0.631 (631/1000)")
                .build();
    }

    static GateOutcome.Builder robustAccuracy(RobustnessReport report, double threshold) {
        return GateOutcome.builder()
                .description(String.format(java.util.Locale.ROOT, "robust accuracy >= %.3f", threshold))
                .metric("robust accuracy")
                .threshold(threshold)
                .measured(report.robustCount(), report.sampleCount())
                .confidenceInterval(report.robustAccuracyInterval(0.95))
                .report(report);
    }
}
