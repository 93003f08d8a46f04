package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.engine.NativeArrays;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A transfer attack: crafts adversarial examples with any attack on a <em>source</em> classifier
 * and scores them on the model under test, which is only ever asked for logits. It is how a team
 * checks the artifact it ships when that artifact gives no gradients (an ONNX export): craft on
 * the TorchScript twin of the same network, score on the ONNX file.
 *
 * <p>A sample the model under test already misclassifies is returned unchanged and marked
 * {@link AttackResult#MISCLASSIFIED_CLEAN}; every other sample gets the source attack's example,
 * broken if the model under test misclassifies it. The threat model and seed are the source
 * attack's, so the same seed crafts the same examples. With a twin that computes the same function,
 * the result matches the white-box attack on the twin up to float rounding; a large gap means the
 * export differs from its twin (check the clean accuracies first).
 *
 * <pre>{@code
 * try (Classifier twin = Classifiers.torchScript(Path.of("model.pt"), contract);
 *      Classifier shipped = Classifiers.load(Path.of("model.onnx"), contract)) {
 *     Attack transfer = Attacks.transfer(Attacks.pgd(ThreatModel.linf(8 / 255.0)), twin);
 *     RobustnessReport report = RobustnessEvaluator.builder().build().evaluate(shipped, data, transfer);
 * }
 * }</pre>
 *
 * <p>The source classifier is borrowed, not owned: close it after the evaluation.
 */
@API(status = STABLE, since = "0.1")
public final class Transfer implements Attack {

    private final Attack source;
    private final transient Classifier sourceModel;

    private Transfer(Attack source, Classifier sourceModel) {
        this.source = Objects.requireNonNull(source, "Transfer: source attack must not be null");
        this.sourceModel = Objects.requireNonNull(sourceModel, "Transfer: source model must not be null");
        if (source.needsGradients() && !sourceModel.hasInputGradients()) {
            throw new IllegalArgumentException(
                    "Transfer: the source model " + sourceModel.name() + " (" + sourceModel.runtime()
                            + ") gives no input gradients, so " + source.name() + " cannot craft on"
                            + " it; craft on a TorchScript twin (Classifiers.torchScript)");
        }
    }

    static Transfer of(Attack source, Classifier sourceModel) {
        return new Transfer(source, sourceModel);
    }

    /** The attack that crafts the examples on the source model. */
    public Attack source() {
        return source;
    }

    /** The classifier the examples are crafted on. */
    public Classifier sourceModel() {
        return sourceModel;
    }

    @Override
    public String name() {
        return "Transfer";
    }

    @Override
    public ThreatModel threatModel() {
        return source.threatModel();
    }

    @Override
    public Transfer withThreatModel(ThreatModel threatModel) {
        return new Transfer(source.withThreatModel(threatModel), sourceModel);
    }

    @Override
    public long seed() {
        return source.seed();
    }

    @Override
    public Transfer withSeed(long seed) {
        return new Transfer(source.withSeed(seed), sourceModel);
    }

    /** False: the model under test is only asked for logits (the source model gives the gradients). */
    @Override
    public boolean needsGradients() {
        return false;
    }

    @Override
    public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
        int[] y = AttackInputs.labels(this, model, inputs, labels);
        DatasetIndices.check(this, y.length, datasetIndices);
        checkTwin(model);
        NDManager caller = inputs.getManager();
        String[] brokenBy = new String[y.length];
        if (y.length == 0) {
            return new AttackResult(inputs.duplicate(), brokenBy);
        }
        try (NDManager scope = caller.newSubManager()) {
            LogitRows clean = new LogitRows(
                    model.logits(inputs).toFloatArray(), model.contract().numClasses());
            NDArray crafted;
            try (AttackResult onSource = source.perturb(sourceModel, inputs, labels, datasetIndices)) {
                crafted = onSource.adversarial().duplicate();
                crafted.attach(scope);
            }
            boolean anyCleanMistake = false;
            for (int i = 0; i < y.length; i++) {
                if (clean.predicted(i) != y[i]) {
                    brokenBy[i] = AttackResult.MISCLASSIFIED_CLEAN;
                    anyCleanMistake = true;
                }
            }
            NDArray adversarial = crafted;
            if (anyCleanMistake) {
                float[] points = crafted.toFloatArray();
                float[] original = inputs.toFloatArray();
                int size = points.length / y.length;
                for (int i = 0; i < y.length; i++) {
                    if (brokenBy[i] != null) {
                        System.arraycopy(original, i * size, points, i * size, size);
                    }
                }
                adversarial = NativeArrays.floats(scope, points, inputs.getShape());
            }
            LogitRows scored = new LogitRows(
                    model.logits(adversarial).toFloatArray(), model.contract().numClasses());
            String by = toString();
            for (int i = 0; i < y.length; i++) {
                if (brokenBy[i] == null && scored.predicted(i) != y[i]) {
                    brokenBy[i] = by;
                }
            }
            adversarial.attach(caller);
            return new AttackResult(adversarial, brokenBy);
        }
    }

    /** The source model must accept the same inputs and predict the same classes. */
    private void checkTwin(Classifier target) {
        InputContract t = target.contract();
        InputContract s = sourceModel.contract();
        if (!t.inputShape().equals(s.inputShape()) || t.numClasses() != s.numClasses()) {
            throw new IllegalArgumentException(
                    "Transfer: the source model " + sourceModel.name() + " (" + s + ") does not fit"
                            + " the model under test " + target.name() + " (" + t + "): a twin must"
                            + " take the same input shape and predict the same classes");
        }
    }

    @Override
    public String toString() {
        return "Transfer(" + source + " on " + sourceModel.name() + twinIdentity() + ")";
    }

    /**
     * The twin's file digest (or, for a model built in memory, its instance): part of the
     * description, which identifies the attack in caches, so another twin is another attack.
     */
    private String twinIdentity() {
        return sourceModel
                .sha256()
                .map(sha -> " sha256 " + sha.substring(0, Math.min(16, sha.length())))
                .orElseGet(() -> " in memory @" + Integer.toHexString(System.identityHashCode(sourceModel)));
    }
}
