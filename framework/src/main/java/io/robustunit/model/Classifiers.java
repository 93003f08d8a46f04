package io.robustunit.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;

/**
 * Loads classifiers. Every loader runs one probe batch to check the model returns
 * {@code [N, classes]} finite logits for inputs of the declared shape, so a wrong model fails at
 * load time with its file named, not in the middle of an attack.
 *
 * <pre>{@code
 * InputContract contract = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
 * try (Classifier model = Classifiers.torchScript(Path.of("model.pt"), contract)) { ... }
 * }</pre>
 */
public final class Classifiers {

    private Classifiers() {}

    /** Loads a TorchScript file ({@code torch.jit.save}) on the CPU. Runs the file's code: trust it. */
    public static TrainableClassifier torchScript(Path file, InputContract contract)
            throws ModelLoadException {
        return torchScript(file, contract, Device.cpu());
    }

    /** Loads a TorchScript file on the given device. */
    public static TrainableClassifier torchScript(Path file, InputContract contract, Device device)
            throws ModelLoadException {
        return TorchScriptClassifier.load(file, contract, device);
    }

    /** Loads saved parameters into a DJL block on the CPU. */
    public static TrainableClassifier djl(Block block, Path paramsFile, InputContract contract)
            throws ModelLoadException {
        return BlockClassifier.load(block, paramsFile, contract, Device.cpu());
    }

    /** Wraps a DJL block, initialising it if needed (its parameters as they are). */
    public static TrainableClassifier djl(Block block, String name, InputContract contract) {
        return BlockClassifier.wrap(block, name, contract, Device.cpu());
    }

    static void probe(Classifier classifier, Path file) throws ModelLoadException {
        InputContract c = classifier.contract();
        try (NDManager m = NDManager.newBaseManager(classifier.device())) {
            NDArray x = m.full(c.batchShape(2), (c.min() + c.max()) / 2f);
            classifier.logits(x);
        } catch (ModelContractException e) {
            throw new ModelLoadException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelLoadException(
                    file + ": the model fails on a probe batch of shape " + c.batchShape(2) + ": "
                            + e.getMessage() + " (does the declared input shape match the model?)",
                    e);
        }
    }
}
