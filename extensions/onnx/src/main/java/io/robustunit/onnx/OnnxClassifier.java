package io.robustunit.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.robustunit.attack.Attacks;
import io.robustunit.engine.NativeArrays;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.io.FileDigests;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.InputGradient;
import io.robustunit.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An ONNX model run by DJL's ONNX Runtime engine: forward passes only.
 *
 * <p>ONNX Runtime computes no input gradients, so {@link #hasInputGradients()} is false: Square
 * (score-based, black box) and transfer attacks crafted on a TorchScript twin
 * ({@link io.robustunit.attack.Attacks#transfer}) run on it; a gradient attack fails before its
 * first batch with a message naming those two. The model takes one float32 input {@code [N, ...]}
 * (the contract's shape) and returns logits {@code [N, classes]} as its first output; every batch
 * and its logits are checked against the contract as for TorchScript models. Inputs and logits stay
 * on the caller's (PyTorch) {@link NDManager}; the model's own ONNX Runtime tensors live for one
 * call only.
 *
 * <pre>{@code
 * try (Classifier shipped = Classifiers.load(Path.of("model.onnx"), contract)) {   // this module on the classpath
 *     NDArray logits = shipped.logits(batch);
 * }
 * }</pre>
 *
 * <p>Threads: ONNX Runtime gets as many intra-op threads as PyTorch has when the model is loaded
 * ({@link RobustUnitEngine#setIntraOpThreads}), or {@code -Drobustunit.onnx.threads=N}.
 */
final class OnnxClassifier implements Classifier {

    /** DJL's engine name for ONNX Runtime. */
    public static final String ENGINE = "OnnxRuntime";

    private final Model model;
    private final Block block;
    private final String name;
    private final InputContract contract;
    private final String sha256;

    private OnnxClassifier(Model model, String name, InputContract contract, String sha256) {
        this.model = model;
        this.sha256 = sha256;
        this.block = model.getBlock();
        this.name = name;
        this.contract = contract;
    }

    /**
     * Loads an ONNX file on the CPU and runs one probe batch through it.
     *
     * @throws ModelLoadException naming the file and what is wrong (missing, not ONNX, wrong
     *     inputs or outputs for the contract)
     */
    public static OnnxClassifier load(Path file, InputContract contract) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("ONNX model " + file + " does not exist or is not a file");
        }
        String name = file.getFileName().toString();
        Engine engine = engine();
        Model model = null;
        try {
            model = Model.newInstance(name, Device.cpu(), engine.getEngineName());
            Map<String, Object> options = new HashMap<>();
            options.put("sessionOptions", sessionOptions());
            model.load(file, null, options);
            OnnxClassifier classifier = new OnnxClassifier(model, name, contract, FileDigests.sha256(file));
            Classifiers.probe(classifier, file);
            return classifier;
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        } catch (IOException | MalformedModelException | OrtException | RuntimeException e) {
            if (model != null) {
                model.close();
            }
            throw new ModelLoadException(
                    "Cannot load " + file + " as an ONNX model: " + firstLine(e)
                            + ". RobustUnit needs a file written by torch.onnx.export (or another"
                            + " ONNX exporter) with one float32 input [N, "
                            + contract.inputShape().toString().replaceAll("[()]", "")
                            + "] and logits [N, classes] as first output; a corrupt or truncated"
                            + " file fails here too.",
                    e);
        }
    }

    private static Engine engine() {
        RobustUnitEngine.configureOffline();
        RobustUnitEngine.pytorch(); // inputs and logits live on PyTorch arrays
        try {
            return Engine.getEngine(ENGINE);
        } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
            throw new io.robustunit.engine.EngineUnavailableException(
                    "Could not load DJL's ONNX Runtime engine offline. Check that"
                            + " ai.djl.onnxruntime:onnxruntime-engine and"
                            + " com.microsoft.onnxruntime:onnxruntime (natives bundled) are on the"
                            + " runtime classpath (robustunit-onnx brings both). Cause: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Intra-op threads as configured, and no spinning: ONNX Runtime's idle threads otherwise
     * busy-wait after every run and take the cores from PyTorch (the twin, the attack's own
     * arithmetic) for as long; measured here, 30 TorchScript forward passes took 4-5 s right after
     * ONNX runs instead of a fraction of a second.
     */
    private static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads());
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private static int threads() {
        String configured = System.getProperty("robustunit.onnx.threads");
        if (configured != null) {
            try {
                int n = Integer.parseInt(configured.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new IllegalArgumentException(
                    "-Drobustunit.onnx.threads must be an integer >= 1, was '" + configured + "'");
        }
        return RobustUnitEngine.intraOpThreads();
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
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
    public Optional<String> sha256() {
        return Optional.of(sha256);
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public String runtime() {
        return "ONNX Runtime";
    }

    @Override
    public boolean hasInputGradients() {
        return false;
    }

    @Override
    public NDArray logits(NDArray inputs) {
        contract.checkInput(inputs, name);
        NDArray logits = forward(inputs);
        contract.checkOutput(logits, inputs.getShape().get(0), name, "a batch of shape " + inputs.getShape());
        return logits;
    }

    /**
     * Logits for inputs outside the declared range on purpose (randomized smoothing's noisy
     * copies): shape and type checked, range not. Certification needs forward passes only, so it
     * runs on ONNX models too.
     */
    @Override
    public NDArray noisyLogits(NDArray inputs) {
        contract.checkShapeAndType(inputs, name);
        NDArray logits = forward(inputs);
        contract.checkOutput(logits, inputs.getShape().get(0), name, "a noisy batch of shape " + inputs.getShape());
        return logits;
    }

    /** Runs the session and copies the first output onto the inputs' manager as float32. */
    private NDArray forward(NDArray inputs) {
        NDManager caller = inputs.getManager();
        NDList out;
        synchronized (this) {
            out = block.forward(new ParameterStore(caller, false), new NDList(inputs), false);
        }
        try {
            NDArray first = out.get(0);
            Shape shape = first.getShape();
            if (first.getDataType() != DataType.FLOAT32) {
                throw new io.robustunit.model.ModelContractException("Model " + name + " returned "
                        + first.getDataType() + " output; a classifier" + " must return float32 logits");
            }
            return NativeArrays.floats(caller, first.toFloatArray(), shape);
        } finally {
            for (NDArray array : out) {
                array.close();
            }
        }
    }

    /**
     * Not available: ONNX Runtime computes forward passes only.
     *
     * @throws UnsupportedOperationException naming the alternatives (Square, transfer attack)
     */
    @Override
    public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
        throw new UnsupportedOperationException(Attacks.noGradients("An input gradient", this));
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return name + " (ONNX, " + contract + ")";
    }
}
