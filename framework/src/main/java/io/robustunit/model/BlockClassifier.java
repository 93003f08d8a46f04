package io.robustunit.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.io.AtomicFiles;
import io.robustunit.io.FileDigests;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL {@link Block} with parameters saved by {@code Model.save} or {@link #save(Path)} (one
 * {@code .params} file).
 *
 * <p><b>Train/eval mode.</b> DJL blocks take the mode per call: evaluation calls pass
 * {@code training=false} (BatchNorm uses its running statistics, dropout is off) whether or not the
 * graph is recorded; only {@link #trainingLogits} passes {@code training=true}.
 */
final class BlockClassifier extends AbstractClassifier {

    private BlockClassifier(Model model, String name, InputContract contract) {
        super(model, name, contract);
    }

    /**
     * Loads parameters for {@code block} from a {@code .params} file.
     *
     * @param block the architecture, uninitialised
     * @param paramsFile a file written by {@link #save(Path)} or {@code Model.save}
     */
    static BlockClassifier load(Block block, Path paramsFile, InputContract contract, Device device)
            throws ModelLoadException {
        if (!Files.isRegularFile(paramsFile)) {
            throw new ModelLoadException("DJL parameter file " + paramsFile + " does not exist or is not a file");
        }
        String name = paramsFile.getFileName().toString();
        RobustUnitEngine.pytorch();
        Model model = Model.newInstance(name, device, RobustUnitEngine.PYTORCH);
        try {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, contract.batchShape(1));
            Map<String, Shape> expected = new LinkedHashMap<>();
            block.getParameters()
                    .forEach(p ->
                            expected.put(p.getKey(), p.getValue().getArray().getShape()));
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(paramsFile)))) {
                block.loadParameters(model.getNDManager(), in);
                if (in.read() >= 0) {
                    throw new MalformedModelException("the file has data beyond the block's parameters");
                }
            }
            // DJL replaces each array with the one read, whatever its shape: check them ourselves.
            block.getParameters().forEach(p -> {
                Shape found = p.getValue().getArray().getShape();
                if (!found.equals(expected.get(p.getKey()))) {
                    throw new IllegalStateException("parameter " + p.getKey() + " has shape " + found
                            + " in the file but " + expected.get(p.getKey()) + " in the block");
                }
            });
            BlockClassifier classifier = new BlockClassifier(model, name, contract);
            classifier.setParametersTrainable(false);
            Classifiers.probe(classifier, paramsFile);
            classifier.recordSha256(FileDigests.sha256(paramsFile));
            return classifier;
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException(
                    "Cannot load DJL parameters " + paramsFile + " into block "
                            + block.getClass().getSimpleName() + ": " + e.getMessage()
                            + ". The file must have been saved from the same architecture.",
                    e);
        }
    }

    /** Wraps an already initialised block (for example one just trained). */
    static BlockClassifier wrap(Block block, String name, InputContract contract, Device device) {
        RobustUnitEngine.pytorch();
        Model model = Model.newInstance(name, device, RobustUnitEngine.PYTORCH);
        model.setBlock(block);
        if (!block.isInitialized()) {
            block.initialize(model.getNDManager(), DataType.FLOAT32, contract.batchShape(1));
        }
        BlockClassifier classifier = new BlockClassifier(model, name, contract);
        classifier.setParametersTrainable(false);
        return classifier;
    }

    @Override
    public Format format() {
        return Format.DJL;
    }

    @Override
    protected NDArray forward(NDArray inputs, boolean record, boolean train) {
        ParameterStore ps = new ParameterStore(inputs.getManager(), false);
        return model.getBlock().forward(ps, new NDList(inputs), train).singletonOrThrow();
    }

    @Override
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            model.getBlock().saveParameters(data);
            data.flush();
        });
        recordSha256(FileDigests.sha256(file));
    }
}
