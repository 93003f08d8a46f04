package io.robustunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A model format that lives outside the framework (an optional module), found with
 * {@link java.util.ServiceLoader}: a module registers its loader in
 * {@code META-INF/services/io.robustunit.model.ClassifierLoader}, and {@link Classifiers#load}
 * then opens files with one of its {@link #fileExtensions()}. RobustUnit's ONNX module
 * ({@code io.robustunit:robustunit-onnx}) is one; the framework itself never depends on it.
 *
 * <pre>{@code
 * public final class MyFormatLoader implements ClassifierLoader {
 *     public String formatName() { return "MyFormat"; }
 *     public List<String> fileExtensions() { return List.of(".myf"); }
 *     public Classifier load(Path file, InputContract contract) throws ModelLoadException { ... }
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ClassifierLoader {

    /** The format's name in messages, e.g. {@code ONNX}. */
    String formatName();

    /** Lower-case file name endings this loader opens, each with its dot, e.g. {@code .onnx}. */
    List<String> fileExtensions();

    /**
     * Loads the model and checks it against the contract (one probe batch, see
     * {@link Classifiers#probe(Classifier, Path)}).
     *
     * @throws ModelLoadException naming the file, what is wrong and the fix
     */
    Classifier load(Path file, InputContract contract) throws ModelLoadException;
}
