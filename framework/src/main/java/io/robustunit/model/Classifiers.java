package io.robustunit.model;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apiguardian.api.API;

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
@API(status = STABLE, since = "0.1")
public final class Classifiers {

    private Classifiers() {}

    /** The Maven coordinates of RobustUnit's optional ONNX module, for messages. */
    public static final String ONNX_MODULE = "io.robustunit:robustunit-onnx";

    /**
     * Loads a model file by its name: {@code .onnx} through the optional ONNX module (which must be
     * on the classpath: {@value #ONNX_MODULE}), any other ending registered by a
     * {@link ClassifierLoader} through that loader, everything else as TorchScript.
     *
     * <pre>{@code
     * try (Classifier shipped = Classifiers.load(Path.of("model.onnx"), contract)) { ... }
     * }</pre>
     *
     * @throws ModelLoadException naming the file and the fix, e.g. the module to add
     */
    public static Classifier load(Path file, InputContract contract) throws ModelLoadException {
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        Optional<ClassifierLoader> loader = loaderFor(name);
        if (loader.isPresent()) {
            return loader.get().load(file, contract);
        }
        if (name.endsWith(".onnx")) {
            throw new ModelLoadException(onnxMissing(file));
        }
        return torchScript(file, contract);
    }

    /**
     * Loads an ONNX file through the optional ONNX module (forward passes only: black-box and
     * transfer attacks).
     *
     * @throws ModelLoadException if the module is not on the classpath (naming it) or the file is
     *     not a valid ONNX classifier for the contract
     */
    public static Classifier onnx(Path file, InputContract contract) throws ModelLoadException {
        Optional<ClassifierLoader> loader = loaderFor(".onnx");
        if (loader.isEmpty()) {
            throw new ModelLoadException(onnxMissing(file));
        }
        return loader.get().load(file, contract);
    }

    /** The loaders registered on the classpath ({@link ServiceLoader}), in classpath order. */
    public static List<ClassifierLoader> registeredLoaders() {
        List<ClassifierLoader> loaders = new ArrayList<>();
        try {
            for (ClassifierLoader loader : ServiceLoader.load(ClassifierLoader.class, loaderClassLoader())) {
                loaders.add(loader);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(
                    "A model format module on the classpath is broken (" + e.getMessage()
                            + "); check that its version matches robustunit-framework",
                    e);
        }
        return loaders;
    }

    private static ClassLoader loaderClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Classifiers.class.getClassLoader();
    }

    private static Optional<ClassifierLoader> loaderFor(String lowerCaseName) {
        for (ClassifierLoader loader : registeredLoaders()) {
            for (String ending : loader.fileExtensions()) {
                if (lowerCaseName.endsWith(ending.toLowerCase(Locale.ROOT))) {
                    return Optional.of(loader);
                }
            }
        }
        return Optional.empty();
    }

    private static String onnxMissing(Path file) {
        return file + " is an ONNX model, and ONNX support is an optional module that is not on the"
                + " classpath: add " + ONNX_MODULE + " (Maven: <dependency><groupId>io.robustunit"
                + "</groupId><artifactId>robustunit-onnx</artifactId></dependency>, test scope; it"
                + " brings ONNX Runtime, ~137 MB). On the command line, ./robustunit adds it by itself"
                + " when --model names a .onnx file.";
    }

    /** Loads a TorchScript file ({@code torch.jit.save}) on the CPU. Runs the file's code: trust it. */
    public static TrainableClassifier torchScript(Path file, InputContract contract) throws ModelLoadException {
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

    /**
     * Runs one probe batch of two mid-range inputs through a freshly loaded model, so a model that
     * does not fit its contract fails at load time with its file named. For {@link ClassifierLoader}s.
     *
     * @throws ModelLoadException naming the file, the contract and the cause
     */
    public static void probe(Classifier classifier, Path file) throws ModelLoadException {
        InputContract c = classifier.contract();
        try (NDManager m = NDManager.newBaseManager(classifier.device())) {
            NDArray x = m.full(c.batchShape(2), (c.min() + c.max()) / 2f);
            classifier.logits(x);
        } catch (ModelContractException e) {
            throw new ModelLoadException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelLoadException(
                    file + ": the model fails on a probe batch of shape " + c.batchShape(2) + ": " + e.getMessage()
                            + " (does the declared input shape match the model?)",
                    e);
        }
    }
}
