package io.robustunit.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.robustunit.engine.RobustUnitEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Contract checks, gradient scoping and atomic saving shared by the two loaders. */
abstract class AbstractClassifier implements TrainableClassifier {

    protected final Model model;
    protected final String name;
    protected final InputContract contract;

    AbstractClassifier(Model model, String name, InputContract contract) {
        this.model = model;
        this.name = name;
        this.contract = contract;
    }

    /**
     * Runs the block.
     *
     * @param record whether the autograd graph must be recorded
     * @param train whether the block runs in training mode
     */
    protected abstract NDArray forward(NDArray inputs, boolean record, boolean train);

    /** The digest of the file the weights came from; cleared when training changes them. */
    private volatile String sha256;

    /** Records the digest of the file the weights were loaded from or saved to. */
    final void recordSha256(String digest) {
        this.sha256 = digest;
    }

    @Override
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InputContract contract() {
        return contract;
    }

    @Override
    public Device device() {
        return model.getNDManager().getDevice();
    }

    @Override
    public NDArray logits(NDArray inputs) {
        contract.checkInput(inputs, name);
        NDArray logits = FixedRowBatches.apply(inputs, false, x -> forward(contract.normalize(x), false, false));
        contract.checkOutput(logits, inputs.getShape().get(0), name, describe(inputs));
        return logits;
    }

    @Override
    public NDArray noisyLogits(NDArray inputs) {
        contract.checkShapeAndType(inputs, name);
        NDArray logits = forward(contract.normalize(inputs), false, false);
        contract.checkOutput(logits, inputs.getShape().get(0), name, "noisy " + describe(inputs));
        return logits;
    }

    @Override
    public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
        contract.checkInput(inputs, name);
        NDManager caller = inputs.getManager();
        Engine engine = caller.getEngine();
        if (RobustUnitEngine.PYTORCH.equals(engine.getEngineName()) && FixedRowBatches.concurrentGradient(inputs)) {
            return FixedRowBatches.inputGradient(
                    inputs,
                    in -> forward(contract.normalize(in), true, false),
                    loss,
                    logits -> contract.checkOutput(logits, inputs.getShape().get(0), name, describe(inputs)));
        }
        return GradientRecording.record(engine, collector -> {
            try (NDManager scope = caller.newSubManager()) {
                NDArray x = inputs.duplicate();
                x.attach(scope);
                x.setRequiresGradient(true);
                NDArray logits = FixedRowBatches.apply(x, true, in -> forward(contract.normalize(in), true, false));
                contract.checkOutput(logits, x.getShape().get(0), name, describe(inputs));
                collector.backward(loss.apply(logits));
                NDArray gradient = x.getGradient();
                NDArray detached = logits.stopGradient();
                gradient.attach(caller);
                detached.attach(caller);
                return new InputGradient(detached, gradient);
            }
        });
    }

    @Override
    public NDArray trainingLogits(NDArray inputs) {
        contract.checkInput(inputs, name);
        sha256 = null; // the weights are about to change: they no longer match the file
        NDArray logits = forward(contract.normalize(inputs), true, true);
        contract.checkOutput(logits, inputs.getShape().get(0), name, "training " + describe(inputs));
        return logits;
    }

    @Override
    public NDArray noisyTrainingLogits(NDArray inputs) {
        contract.checkShapeAndType(inputs, name);
        NDArray logits = forward(inputs, true, true);
        contract.checkOutput(logits, inputs.getShape().get(0), name, "noisy training " + describe(inputs));
        return logits;
    }

    @Override
    public List<NDArray> parameters() {
        List<NDArray> list = new ArrayList<>();
        for (Parameter p : model.getBlock().getParameters().values()) {
            list.add(p.getArray());
        }
        return list;
    }

    @Override
    public void setParametersTrainable(boolean trainable) {
        model.getBlock().freezeParameters(!trainable);
    }

    private static String describe(NDArray inputs) {
        return "a batch of shape " + inputs.getShape();
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return name + " (" + format() + ", " + contract + ")";
    }
}
