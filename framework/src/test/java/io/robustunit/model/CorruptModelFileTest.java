package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file that does not load says what it is: corrupt, empty, a state dict, a pickle, or not TorchScript. */
class CorruptModelFileTest {

    static final InputContract MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    @TempDir
    Path tmp;

    @Test
    void aTruncatedTorchScriptFileSaysItIsCorrupt() throws Exception {
        byte[] model = Files.readAllBytes(TorchScriptClassifierTest.MODELS.resolve("linear-fashion.pt"));
        Path file = Files.write(tmp.resolve("cut.pt"), Arrays.copyOf(model, model.length / 2));
        assertThatThrownBy(() -> Classifiers.torchScript(file, MNIST))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Cannot load " + file + " as TorchScript: it is corrupt or truncated")
                .hasMessageContaining("export it again");
    }

    @Test
    void anEmptyFileSaysItIsEmpty() throws Exception {
        Path file = Files.write(tmp.resolve("empty.pt"), new byte[0]);
        assertThatThrownBy(() -> Classifiers.torchScript(file, MNIST)).hasMessageContaining("it is empty (0 bytes)");
    }

    @Test
    void garbageSaysItIsNotATorchScriptArchive() throws Exception {
        Path file = Files.write(tmp.resolve("garbage.pt"), "hello, not a model".getBytes());
        assertThatThrownBy(() -> Classifiers.torchScript(file, MNIST))
                .hasMessageContaining("it is not a TorchScript archive");
    }

    @Test
    void aStateDictSaysItHoldsWeightsButNoCode() {
        Path file = TorchScriptClassifierTest.MODELS.resolve("state-dict-not-torchscript.pt");
        assertThatThrownBy(() -> Classifiers.torchScript(file, MNIST))
                .hasMessageContaining("it is a torch.save archive (a state_dict or pickled model), not TorchScript")
                .hasMessageContaining("torch.jit.save(torch.jit.script(model), path)");
    }

    @Test
    void aLegacyPickleSaysItIsAPickle() throws Exception {
        Path file = Files.write(tmp.resolve("legacy.pt"), new byte[] {(byte) 0x80, 2, 'c', 'x'});
        assertThatThrownBy(() -> Classifiers.torchScript(file, MNIST)).hasMessageContaining("it is a Python pickle");
    }
}
