package io.robustunit.allure;

import io.robustunit.eval.AdversarialExample;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.threat.ThreatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reports with pixels, made by hand (no model): the same world the renderers and listener see. */
public final class Fixtures {

    public static final String SHA = "ab".repeat(32);
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover");

    private Fixtures() {}

    /**
     * {@code total} samples with labels 0, 1, 2, 0, ...; the first {@code robust} resist, the rest
     * are broken (predicted as the next class); the first {@code examples} broken ones are retained
     * as 28 x 28 images: a bright square, and the square shifted by {@code +eps} on its left half and
     * {@code -eps} on its right half.
     */
    public static RobustnessReport report(double eps, int robust, int total, int examples) {
        RobustnessReport.Builder b = RobustnessReport.builder()
                .modelName("fashion.pt")
                .modelSha256(SHA)
                .dataset("Fashion-MNIST test", CLASSES)
                .attack("PGD", attack(eps), ThreatModel.linf(eps), 7);
        List<AdversarialExample> kept = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            int label = i % 3;
            boolean resists = i < robust;
            int adversarial = resists ? label : (label + 1) % 3;
            b.outcome(new SampleOutcome(i, label, label, adversarial, resists ? 0 : eps, resists ? null : "PGD"));
            if (!resists && kept.size() < examples) {
                kept.add(example(i, label, adversarial, (float) eps));
            }
        }
        return b.examples(kept).build();
    }

    public static String attack(double eps) {
        return String.format(Locale.ROOT, "PGD(Linf eps=%.3f, 20 steps, step 0.010, random start, seed 7)", eps);
    }

    /** Original: 0.5 inside rows/columns 8..19, 0 elsewhere; adversarial: +eps left, -eps right. */
    public static AdversarialExample example(int index, int label, int predicted, float eps) {
        float[] original = new float[28 * 28];
        float[] adversarial = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int i = y * 28 + x;
                original[i] = y >= 8 && y < 20 && x >= 8 && x < 20 ? 0.5f : 0f;
                float delta = x < 14 ? eps : -eps;
                adversarial[i] = Math.max(0f, Math.min(1f, original[i] + delta));
            }
        }
        return new AdversarialExample(index, label, label, predicted, new int[] {1, 28, 28}, original, adversarial);
    }

    public static RobustnessCurve curve() {
        return RobustnessCurve.of(List.of(
                report(0.0, 90, 100, 0), report(0.05, 70, 100, 3), report(0.1, 40, 100, 3), report(0.2, 10, 100, 3)));
    }

    public static GateOutcome.Builder robustAccuracy(RobustnessReport report, double threshold) {
        return GateOutcome.builder()
                .description(String.format(Locale.ROOT, "robust accuracy >= %.3f", threshold))
                .metric("robust accuracy")
                .threshold(threshold)
                .measured(report.robustCount(), report.sampleCount())
                .confidenceInterval(report.robustAccuracyInterval(0.95))
                .status(report.robustAccuracy() >= threshold ? GateStatus.PASS : GateStatus.FAIL)
                .report(report);
    }
}
