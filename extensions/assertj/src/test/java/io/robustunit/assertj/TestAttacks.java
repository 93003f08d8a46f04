package io.robustunit.assertj;

import ai.djl.ndarray.NDArray;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.ThreatModel;
import java.util.Locale;

/**
 * Purpose-built broken attacks for the validity tests (the real ones live in io.robustunit.attack):
 * one that leaves the ball, and one that weakens as epsilon grows.
 */
final class TestAttacks {

    private TestAttacks() {}

    @FunctionalInterface
    interface Perturbation {
        NDArray apply(Classifier model, NDArray x, NDArray y, ThreatModel tm, int[] datasetIndices);
    }

    /** FGSM at radii up to 0.05; above, a step of only 0.001 (a step size wrongly tied to epsilon). */
    static Attack fadingFgsm(ThreatModel tm) {
        return new Scripted(
                "FadingFGSM",
                "step eps up to 0.05, then 0.001",
                tm,
                0,
                true,
                (m, x, y, t, s) -> signStep(m, x, y, t, t.epsilon() <= 0.05 ? t.epsilon() : 0.001));
    }

    /** Moves every pixel by twice epsilon: outside the ball. */
    static Attack outOfBall(ThreatModel tm) {
        return new Scripted(
                "Sloppy",
                "step 2 eps",
                tm,
                0,
                true,
                (m, x, y, t, s) -> x.add(signOf(m, x, y).mul(2 * t.epsilon())).clip(t.min(), t.max()));
    }

    private static NDArray signOf(Classifier model, NDArray x, NDArray y) {
        int classes = model.contract().numClasses();
        try (InputGradient g = model.inputGradient(x, logits -> crossEntropy(logits, y, classes))) {
            NDArray sign = g.gradient().sign();
            sign.attach(x.getManager());
            return sign;
        }
    }

    private static NDArray signStep(Classifier model, NDArray x, NDArray y, ThreatModel tm, double step) {
        return tm.project(x.add(signOf(model, x, y).mul(step)), x);
    }

    static NDArray crossEntropy(NDArray logits, NDArray labels, int classes) {
        NDArray oneHot = labels.oneHot(classes).toType(logits.getDataType(), false);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
    }

    private static final class Scripted implements Attack {
        private final String name;
        private final String settings;
        private final ThreatModel threatModel;
        private final long seed;
        private final boolean gradients;
        private final Perturbation perturbation;

        Scripted(String name, String settings, ThreatModel tm, long seed, boolean gradients, Perturbation p) {
            this.name = name;
            this.settings = settings;
            this.threatModel = tm;
            this.seed = seed;
            this.gradients = gradients;
            this.perturbation = p;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ThreatModel threatModel() {
            return threatModel;
        }

        @Override
        public Attack withThreatModel(ThreatModel tm) {
            return new Scripted(name, settings, tm, seed, gradients, perturbation);
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public Attack withSeed(long newSeed) {
            return new Scripted(name, settings, threatModel, newSeed, gradients, perturbation);
        }

        @Override
        public boolean needsGradients() {
            return gradients;
        }

        @Override
        public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
            NDArray adversarial = perturbation.apply(model, inputs, labels, threatModel, datasetIndices);
            return new AttackResult(
                    adversarial, new String[(int) inputs.getShape().get(0)]);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s(%s%s, seed %d)",
                    name,
                    threatModel,
                    settings.isEmpty() ? "" : ", " + settings,
                    seed);
        }
    }
}
