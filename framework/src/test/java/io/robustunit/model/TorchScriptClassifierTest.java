package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptClassifierTest {

    static final InputContract MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    static final Path MODELS = Path.of("src/test/resources/models");

    static TrainableClassifier tiny;
    NDManager manager = NDManager.newBaseManager();

    @BeforeAll
    static void load() throws Exception {
        tiny = Classifiers.torchScript(MODELS.resolve("tiny-cnn.pt"), MNIST);
    }

    @AfterAll
    static void close() {
        tiny.close();
    }

    /** Rows of "x values;logit values" written by PyTorch 1.13 in eval mode. */
    static float[][][] reference() throws Exception {
        List<String> lines = Files.readAllLines(MODELS.resolve("tiny-cnn.reference.csv"));
        float[][][] rows = new float[lines.size()][][];
        for (int i = 0; i < rows.length; i++) {
            String[] parts = lines.get(i).split(";");
            rows[i] = new float[][] {parse(parts[0]), parse(parts[1])};
        }
        return rows;
    }

    static float[] parse(String csv) {
        String[] v = csv.split(",");
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = Float.parseFloat(v[i]);
        }
        return f;
    }

    NDArray referenceInputs() throws Exception {
        float[][][] ref = reference();
        float[] x = new float[ref.length * 784];
        for (int i = 0; i < ref.length; i++) {
            System.arraycopy(ref[i][0], 0, x, i * 784, 784);
        }
        return manager.create(x, new Shape(ref.length, 1, 28, 28));
    }

    @Test
    void logitsMatchThoseThatPyTorch113ComputedInEvalMode() throws Exception {
        float[][][] ref = reference();
        float[] logits = tiny.logits(referenceInputs()).toFloatArray();
        for (int i = 0; i < ref.length; i++) {
            for (int k = 0; k < 10; k++) {
                assertThat(logits[i * 10 + k]).as("sample %d class %d", i, k).isCloseTo(ref[i][1][k], within(1e-4f));
            }
        }
    }

    @Test
    void evalModeIsDeterministicAndInputGradientDoesNotSwitchToTrainMode() throws Exception {
        NDArray x = referenceInputs();
        float[] first = tiny.logits(x).toFloatArray();
        try (InputGradient g = tiny.inputGradient(x, l -> l.get(":, 0").sum())) {
            assertThat(g.logits().toFloatArray()).containsExactly(first);
        }
        assertThat(tiny.logits(x).toFloatArray()).containsExactly(first);
    }

    @Test
    void inputGradientMatchesFiniteDifferencesAndLeavesParametersWithoutGradient() throws Exception {
        NDArray x = referenceInputs().get("0:1");
        InputGradient g = tiny.inputGradient(x, l -> l.get(":, 3").sum());
        float[] grad = g.gradient().toFloatArray();
        assertThat(g.gradient().getShape()).isEqualTo(x.getShape());
        int[] probes = {100, 300, 406, 500};
        float h = 1e-2f;
        for (int p : probes) {
            float[] plus = x.toFloatArray();
            float[] minus = x.toFloatArray();
            plus[p] += h;
            minus[p] -= h;
            float fp = tiny.logits(manager.create(plus, x.getShape())).getFloat(0, 3);
            float fm = tiny.logits(manager.create(minus, x.getShape())).getFloat(0, 3);
            assertThat(grad[p]).as("d logit3 / d x[%d]", p).isCloseTo((fp - fm) / (2 * h), within(2e-3f));
        }
        assertThat(tiny.parameters())
                .allSatisfy(
                        p -> assertThat(ai.djl.pytorch.jni.JniUtils.requiresGrad((ai.djl.pytorch.engine.PtNDArray) p))
                                .isFalse());
    }

    @Test
    void savedModelReloadsWithIdenticalLogits(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("copy.pt");
        tiny.save(copy);
        try (TrainableClassifier reloaded = Classifiers.torchScript(copy, MNIST)) {
            NDArray x = referenceInputs();
            assertThat(reloaded.logits(x).toFloatArray())
                    .containsExactly(tiny.logits(x).toFloatArray());
        }
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(copy);
        }
    }

    @Test
    void aStateDictIsRejectedAsNotTorchScript() {
        Path file = MODELS.resolve("state-dict-not-torchscript.pt");
        assertThatThrownBy(() -> Classifiers.torchScript(file, MNIST))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("torch.jit.save");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = MODELS.resolve("nope.pt");
        assertThatThrownBy(() -> Classifiers.torchScript(file, MNIST))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aModelWhoseOutputIsNotNByClassesIsRejectedAtLoad() {
        Path file = MODELS.resolve("wrong-output-shape.pt");
        assertThatThrownBy(() -> Classifiers.torchScript(file, MNIST))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("[2, 10] ([N, classes])");
    }

    @Test
    void aBatchOfTheWrongShapeIsRejectedWithTheExpectedShape() {
        NDArray threeChannels = manager.zeros(new Shape(2, 3, 28, 28));
        assertThatThrownBy(() -> tiny.logits(threeChannels))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("tiny-cnn.pt")
                .hasMessageContaining("(N, 1, 28, 28)")
                .hasMessageContaining("(2, 3, 28, 28)");
    }

    @Test
    void aBatchOutsideTheDeclaredRangeIsRejected() {
        NDArray pixels = manager.full(new Shape(1, 1, 28, 28), 255f);
        assertThatThrownBy(() -> tiny.logits(pixels))
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("expects inputs in [0.0, 1.0]")
                .hasMessageContaining("pixels / 255");
    }

    @Test
    void nanInputsAreRejected() {
        NDArray nan = manager.full(new Shape(1, 1, 28, 28), Float.NaN);
        assertThatThrownBy(() -> tiny.logits(nan)).isInstanceOf(ModelContractException.class);
    }
}
