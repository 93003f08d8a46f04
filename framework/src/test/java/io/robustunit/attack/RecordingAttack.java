package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import java.util.ArrayList;
import java.util.List;

/** Test double: delegates to an attack and records the size of every batch it is given. */
final class RecordingAttack implements Attack {

    final Attack delegate;
    final List<Long> batchSizes = new ArrayList<>();

    RecordingAttack(Attack delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ThreatModel threatModel() {
        return delegate.threatModel();
    }

    @Override
    public Attack withThreatModel(ThreatModel threatModel) {
        return new RecordingAttack(delegate.withThreatModel(threatModel));
    }

    @Override
    public long seed() {
        return delegate.seed();
    }

    @Override
    public Attack withSeed(long seed) {
        return new RecordingAttack(delegate.withSeed(seed));
    }

    @Override
    public boolean needsGradients() {
        return delegate.needsGradients();
    }

    @Override
    public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
        batchSizes.add(inputs.getShape().get(0));
        return delegate.perturb(model, inputs, labels, datasetIndices);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
