package io.robustunit.onnx;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.model.Classifier;
import io.robustunit.model.ClassifierLoader;
import io.robustunit.model.InputContract;
import io.robustunit.model.ModelLoadException;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Registers {@code .onnx} files with {@link io.robustunit.model.Classifiers#load} (and so with
 * {@code @TrainedModel} and the command line's {@code --model}) when this module is on the
 * classpath. Found through {@code META-INF/services/io.robustunit.model.ClassifierLoader}.
 */
@API(status = INTERNAL, since = "0.1")
public final class OnnxClassifierLoader implements ClassifierLoader {

    @Override
    public String formatName() {
        return "ONNX";
    }

    @Override
    public List<String> fileExtensions() {
        return List.of(".onnx");
    }

    @Override
    public Classifier load(Path file, InputContract contract) throws ModelLoadException {
        return OnnxClassifier.load(file, contract);
    }
}
