package io.robustunit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.AttackResult;
import io.robustunit.attack.Attacks;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.ModelLoadException;
import io.robustunit.threat.ThreatModel;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RGB sample model's ONNX export against its TorchScript twin: found through the
 * ServiceLoader, same logits, forward passes only, Square and transfer attacks run, gradient attacks
 * fail at once, bad files fail at load time with the file named.
 */
class OnnxClassifierTest {

    static final InputContract CONTRACT = InputContract.of(new Shape(3, 32, 32), 0f, 1f, 10);
    static Path onnxFile;
    static Classifier onnx;
    static Classifier twin;
    static NDManager manager;

    @BeforeAll
    static void load() throws Exception {
        onnxFile = resource("models/rgb-fashion.onnx");
        onnx = Classifiers.load(onnxFile, CONTRACT);
        twin = Classifiers.load(resource("models/rgb-fashion.pt"), CONTRACT);
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
        onnx.close();
        twin.close();
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(
                OnnxClassifierTest.class.getClassLoader().getResource(name).toURI());
    }

    /** Seeded random pixels in [0, 1], like images of the contract's shape. */
    static NDArray pixels(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return manager.create(x, new Shape(n, 3, 32, 32));
    }

    @Test
    void theServiceLoaderFindsTheOnnxLoader() {
        assertThat(onnx).isInstanceOf(OnnxClassifier.class);
        assertThat(onnx.hasInputGradients()).isFalse();
        assertThat(onnx.runtime()).isEqualTo("ONNX Runtime");
        assertThat(Classifiers.registeredLoaders())
                .anySatisfy(l -> assertThat(l.fileExtensions()).contains(".onnx"));
        assertThat(onnx.toString()).contains("rgb-fashion.onnx").contains("ONNX");
    }

    @Test
    void logitsMatchTheTorchScriptTwinAndStayOnTheCallersManager() {
        NDArray x = pixels(33, 1);
        NDArray a = onnx.logits(x);
        NDArray b = twin.logits(x);
        assertThat(a.getManager()).isSameAs(x.getManager());
        assertThat(a.getShape()).isEqualTo(new Shape(33, 10));
        float[] fa = a.toFloatArray();
        float[] fb = b.toFloatArray();
        for (int i = 0; i < fa.length; i++) {
            assertThat(fa[i]).as("logit %d", i).isCloseTo(fb[i], within(1e-3f));
        }
        assertThat(onnx.logits(pixels(0, 2)).getShape()).isEqualTo(new Shape(0, 10));
    }

    @Test
    void inputsOutsideTheContractAreRejectedByTheRangeCheck() {
        NDArray x = pixels(2, 3).mul(2);
        assertThatThrownBy(() -> onnx.logits(x)).hasMessageContaining("rgb-fashion.onnx expects inputs in [0.0, 1.0]");
        float[] noisy = onnx.noisyLogits(x).toFloatArray();
        float[] noisyTwin = twin.noisyLogits(x).toFloatArray();
        for (int i = 0; i < noisy.length; i++) {
            assertThat(noisy[i]).isCloseTo(noisyTwin[i], within(1e-3f));
        }
        NDArray grey = manager.zeros(new Shape(2, 1, 28, 28));
        assertThatThrownBy(() -> onnx.logits(grey)).hasMessageContaining("expects a batch of shape");
    }

    @Test
    void gradientAttacksFailAtOnceAndNameSquareAndTransfer() {
        NDArray x = pixels(4, 4);
        NDArray y = manager.create(new int[] {0, 1, 2, 3});
        ThreatModel tm = ThreatModel.linf(8 / 255.0);
        assertThatThrownBy(() -> Attacks.pgd(tm).perturb(onnx, x, y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PGD needs input gradients")
                .hasMessageContaining("rgb-fashion.onnx runs on ONNX Runtime")
                .hasMessageContaining("Square")
                .hasMessageContaining("--transfer-from twin.pt");
        assertThatThrownBy(() -> onnx.inputGradient(x, z -> z.sum()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Square");
    }

    @Test
    void squareAndTransferAgreeWithTheTwin() {
        NDArray x = pixels(8, 5);
        NDArray y = manager.create(twin.logits(x)
                .argMax(1)
                .toType(ai.djl.ndarray.types.DataType.INT32, false)
                .toIntArray());
        ThreatModel tm = ThreatModel.linf(8 / 255.0);
        try (AttackResult onOnnx = Attacks.square(tm).queries(30).perturb(onnx, x, y);
                AttackResult onTwin = Attacks.square(tm).queries(30).perturb(twin, x, y)) {
            assertThat(onOnnx.robustCount()).isEqualTo(onTwin.robustCount());
        }
        try (AttackResult transfer =
                        Attacks.transfer(Attacks.pgd(tm).steps(5), twin).perturb(onnx, x, y);
                AttackResult white = Attacks.pgd(tm).steps(5).perturb(twin, x, y)) {
            assertThat(transfer.robustCount()).isEqualTo(white.robustCount());
        }
    }

    @Test
    void badFilesFailAtLoadTimeNamingTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.onnx");
        assertThatThrownBy(() -> Classifiers.load(missing, CONTRACT))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing + " does not exist");
        Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> Classifiers.load(corrupt, CONTRACT))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Cannot load " + corrupt + " as an ONNX model")
                .hasMessageContaining("corrupt or truncated");
        byte[] whole = Files.readAllBytes(onnxFile);
        Path truncated = Files.write(dir.resolve("truncated.onnx"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> Classifiers.load(truncated, CONTRACT))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(truncated.toString());
        InputContract grey = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
        assertThatThrownBy(() -> Classifiers.load(onnxFile, grey))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(onnxFile.toString());
        InputContract fiveClasses = InputContract.of(new Shape(3, 32, 32), 0f, 1f, 5);
        assertThatThrownBy(() -> Classifiers.load(onnxFile, fiveClasses))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("logits of shape [2, 5]");
    }
}
