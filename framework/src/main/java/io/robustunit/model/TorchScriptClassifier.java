package io.robustunit.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import io.robustunit.engine.PyTorchCalls;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.io.AtomicFiles;
import io.robustunit.io.FileDigests;
import io.robustunit.io.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A TorchScript module saved by PyTorch's {@code torch.jit.save}.
 *
 * <p><b>Train/eval mode.</b> DJL's eval-mode {@code forward} turns gradient recording off and its
 * training-mode {@code forward} switches a scripted module to {@code train()}. This class therefore
 * sets the module's mode itself ({@code module.eval()} / {@code module.train()}) and runs the
 * forward pass with recording on or off independently of the mode. Attacks get input gradients with
 * the module in eval mode; only {@link #trainingLogits} puts it in train mode. The module is loaded
 * with DJL's {@code trainParam=true} (otherwise autograd is disabled inside it) and its parameters
 * are then frozen until a trainer unfreezes them.
 *
 * <p><b>Trust.</b> Loading a TorchScript file runs the code it contains: load only files you trust.
 */
final class TorchScriptClassifier extends AbstractClassifier {

    private final Block block;
    private boolean trainMode; // guarded by modeLock

    private final ReentrantReadWriteLock modeLock = new ReentrantReadWriteLock();
    private volatile Path sourceFile;
    /** Evaluation-mode passes on image batches run channels-last; decided once, at load. */
    private volatile boolean channelsLast;

    private TorchScriptClassifier(Model model, String name, InputContract contract) {
        super(model, name, contract);
        this.block = model.getBlock();
        PyTorchCalls.setInferenceMode(block, true);
        this.trainMode = false;
    }

    @Override
    public java.util.Optional<Path> sourceFile() {
        return sha256().isPresent() ? java.util.Optional.ofNullable(sourceFile) : java.util.Optional.empty();
    }

    static TorchScriptClassifier load(Path file, InputContract contract, Device device) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("TorchScript model " + file + " does not exist or is not a file");
        }
        String name = file.getFileName().toString();
        RobustUnitEngine.pytorch();
        Model model = Model.newInstance(name, device, RobustUnitEngine.PYTORCH);
        try {
            model.load(file, null, Map.of("trainParam", "true"));
            model.getBlock().freezeParameters(true);
            TorchScriptClassifier classifier = new TorchScriptClassifier(model, name, contract);
            Classifiers.probe(classifier, file);
            classifier.channelsLast = MemoryLayout.choose(classifier, file);
            classifier.recordSha256(FileDigests.sha256(file));
            classifier.sourceFile = file;
            Provenance.recordModel(name, file);
            return classifier;
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            String diagnosis = ModelFiles.diagnoseTorchScript(file);
            if (diagnosis != null) {
                throw new ModelLoadException("Cannot load " + file + " as TorchScript: " + diagnosis, e);
            }
            throw new ModelLoadException(
                    "Cannot load " + file + " as TorchScript: " + firstLine(e)
                            + ". RobustUnit needs a file written by torch.jit.save(torch.jit.script(model))"
                            + " or torch.jit.trace; a state_dict or pickled model from torch.save is not"
                            + " TorchScript.",
                    e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public Format format() {
        return Format.TORCHSCRIPT;
    }

    /** Whether evaluation-mode passes give the module its image batches channels-last. */
    boolean channelsLast() {
        return channelsLast;
    }

    /** The module's evaluation-mode pass on {@code inputs} in the given memory layout. */
    NDArray evaluationPass(NDArray inputs, boolean inChannelsLast) {
        return forward(inputs, false, false, inChannelsLast);
    }

    @Override
    protected NDArray forward(NDArray inputs, boolean record, boolean train) {
        return forward(inputs, record, train, channelsLast && !train);
    }

    private NDArray forward(NDArray inputs, boolean record, boolean train, boolean inChannelsLast) {
        if (inChannelsLast && inputs.getShape().dimension() == 4) {
            try (NDArray laidOut = PyTorchCalls.channelsLast(inputs, record)) {
                return module(laidOut, record, train);
            }
        }
        return module(inputs, record, train);
    }

    private NDArray module(NDArray inputs, boolean record, boolean train) {
        // Forward passes in the module's current mode run concurrently (a TorchScript module is
        // safe to call from several threads); switching between train and eval mode waits for them.
        Lock read = modeLock.readLock();
        read.lock();
        try {
            if (train == trainMode) {
                return PyTorchCalls.forward(block, inputs, record);
            }
        } finally {
            read.unlock();
        }
        Lock write = modeLock.writeLock();
        write.lock();
        try {
            if (train != trainMode) {
                PyTorchCalls.setInferenceMode(block, !train);
                trainMode = train;
            }
            read.lock(); // downgrade: no switch until this pass is done
        } finally {
            write.unlock();
        }
        try {
            return PyTorchCalls.forward(block, inputs, record);
        } finally {
            read.unlock();
        }
    }

    @Override
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, out -> PyTorchCalls.writeModule(block, out));
        recordSha256(FileDigests.sha256(file));
    }
}
