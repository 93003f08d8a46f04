package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The trainer's default held-out attack: PGD on the cross-entropy (Madry et al.) from a uniformly
 * random start, built on the same {@link InnerMaximization} as the training objectives.
 */
final class ProbePgd implements Attack {

    static final int DEFAULT_STEPS = 20;

    private final ThreatModel threatModel;
    private final int steps;
    private final double stepSize;
    private final long seed;

    ProbePgd(ThreatModel threatModel, int steps, double stepSize, long seed) {
        this.threatModel = threatModel;
        this.steps = steps;
        this.stepSize = stepSize;
        this.seed = seed;
    }

    /** PGD-20 with step {@code 2.5 * epsilon / 20}. */
    static ProbePgd standard(ThreatModel threatModel, long seed) {
        return new ProbePgd(threatModel, DEFAULT_STEPS, 2.5 * threatModel.epsilon() / DEFAULT_STEPS, seed);
    }

    @Override
    public String name() {
        return "PGD";
    }

    @Override
    public ThreatModel threatModel() {
        return threatModel;
    }

    @Override
    public Attack withThreatModel(ThreatModel newThreatModel) {
        return new ProbePgd(newThreatModel, steps, stepSize, seed);
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Attack withSeed(long newSeed) {
        return new ProbePgd(threatModel, steps, stepSize, newSeed);
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, long batchSeed) {
        InnerMaximization inner = new InnerMaximization(threatModel, steps, stepSize);
        NDArray oneHot = labels.oneHot(model.contract().numClasses());
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, batchSeed));
        NDArray adversarial = inner.maximise(
                model, inputs, inner.uniformStart(inputs, random), logits -> Losses.crossEntropy(logits, oneHot));
        long[] predicted = model.logits(adversarial).argMax(1).toType(DataType.INT64, false).toLongArray();
        long[] truth = labels.toType(DataType.INT64, false).toLongArray();
        String[] brokenBy = new String[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            brokenBy[i] = predicted[i] != truth[i] ? toString() : null;
        }
        return new AttackResult(adversarial, brokenBy);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PGD(%s, %d steps, step %.4f, random start, seed %d)",
                threatModel, steps, stepSize, seed);
    }
}
