package io.robustunit.assertj;

import io.robustunit.data.FashionMnist;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.eval.ValidityFinding;
import io.robustunit.threat.ThreatModel;

/** Reports with chosen counts, made without a model. */
public final class Reports {

    public static final String PGD = "PGD(Linf eps=0.100, 20 steps, step 0.010, seed 7)";

    private Reports() {}

    /**
     * {@code samples} Fashion-MNIST test images with labels cycling over the ten classes: the first
     * {@code robust} are ROBUST, the next {@code cleanCorrect - robust} BROKEN, the rest
     * MISCLASSIFIED_CLEAN.
     */
    public static RobustnessReport.Builder builder(int samples, int cleanCorrect, int robust) {
        RobustnessReport.Builder b = RobustnessReport.builder()
                .modelName("fashion-mnist-natural.pt")
                .dataset("Fashion-MNIST test", FashionMnist.CLASS_NAMES)
                .attack("PGD", PGD, ThreatModel.linf(0.1), 7);
        for (int i = 0; i < samples; i++) {
            int label = i % 10;
            int other = (label + 1) % 10;
            if (i < robust) {
                b.outcome(new SampleOutcome(i, label, label, label, 0.1, null));
            } else if (i < cleanCorrect) {
                b.outcome(new SampleOutcome(i, label, label, other, 0.1, PGD));
            } else {
                b.outcome(new SampleOutcome(i, label, other, other, 0.1, null));
            }
        }
        return b;
    }

    public static RobustnessReport report(int samples, int cleanCorrect, int robust) {
        return builder(samples, cleanCorrect, robust).build();
    }

    /** A report whose first sample's adversarial example lies outside the ball. */
    public static RobustnessReport outsideBall(int samples, int cleanCorrect, int robust) {
        return builder(samples, cleanCorrect, robust)
                .finding(new ValidityFinding(
                        0, ValidityFinding.Kind.OUTSIDE_BALL, 0.2, 0.1, "Linf norm 0.200 > eps 0.100"))
                .build();
    }
}
