package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without the optional ONNX module on the classpath, a .onnx file fails with the module named. */
class ClassifierFormatsTest {

    static final InputContract CONTRACT = InputContract.of(new Shape(3, 32, 32), 0f, 1f, 10);

    @Test
    void anOnnxFileWithoutTheOnnxModuleNamesTheModuleToAdd(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("model.onnx"), new byte[] {8, 7});
        assertThat(Classifiers.registeredLoaders()).isEmpty();
        for (var load : new ThrowingLoad[] {Classifiers::load, Classifiers::onnx}) {
            assertThatThrownBy(() -> load.apply(file, CONTRACT))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("is an ONNX model")
                    .hasMessageContaining("io.robustunit:robustunit-onnx")
                    .hasMessageContaining("<artifactId>robustunit-onnx</artifactId>");
        }
    }

    @Test
    void otherFilesStillLoadAsTorchScript(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("model.pt"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Classifiers.load(file, CONTRACT))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("as TorchScript");
    }

    interface ThrowingLoad {
        Classifier apply(Path file, InputContract contract) throws Exception;
    }
}
