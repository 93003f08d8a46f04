package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Channels-last evaluation passes: chosen for a CNN that takes them, refused (with the contiguous
 * layout kept) for a model that flattens with {@code view} or answers differently, and the same
 * logits and input gradients either way.
 */
class MemoryLayoutTest {

    static final Path MODELS = Path.of("src/test/resources/models");
    static final InputContract MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    static final InputContract RGB8 = InputContract.of(new Shape(3, 8, 8), 0f, 1f, 10);

    final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private TorchScriptClassifier load(String file, InputContract contract) throws Exception {
        return (TorchScriptClassifier) Classifiers.torchScript(MODELS.resolve(file), contract);
    }

    /** Seeded pixels in [0.1, 0.9], so that finite differences stay inside the model's [0, 1]. */
    private NDArray images(Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        java.util.SplittableRandom random = new java.util.SplittableRandom(shape.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.1f + 0.8f * (float) random.nextDouble();
        }
        return manager.create(values, shape);
    }

    @Test
    void aCnnThatTakesChannelsLastGetsItWithTheSameLogitsAndGradients() throws Exception {
        try (TorchScriptClassifier model = load("rgb-cnn.pt", RGB8)) {
            assertThat(model.channelsLast()).isTrue();
            NDArray x = images(new Shape(5, 3, 8, 8));
            float[] channelsLast = model.evaluationPass(x, true).toFloatArray();
            float[] contiguous = model.evaluationPass(x, false).toFloatArray();
            assertThat(MemoryLayout.difference(contiguous, channelsLast)).isNull();
            assertThat(model.logits(x).toFloatArray()).containsExactly(channelsLast, offset(1e-5f));

            InputGradient g =
                    model.inputGradient(x, logits -> logits.get(":, 3").sum());
            assertThat(g.gradient().getShape()).isEqualTo(x.getShape());
            // The gradient reaches the contiguous input: central differences on pixels of each
            // channel of sample 0 agree with it.
            float[] gradient = g.gradient().toFloatArray();
            float h = 1e-2f;
            float[] base = x.toFloatArray();
            for (int pixel : new int[] {4 * 8 + 4, 64 + 2 * 8 + 5, 128 + 7 * 8}) {
                float[] plus = base.clone();
                float[] minus = base.clone();
                plus[pixel] += h;
                minus[pixel] -= h;
                float fPlus = model.logits(manager.create(plus, x.getShape()))
                        .get("0, 3")
                        .getFloat();
                float fMinus = model.logits(manager.create(minus, x.getShape()))
                        .get("0, 3")
                        .getFloat();
                assertThat(gradient[pixel]).as("pixel %d", pixel).isCloseTo((fPlus - fMinus) / (2 * h), offset(1e-3f));
            }
        }
    }

    @Test
    void aGreyscaleCnnTakesChannelsLastToo() throws Exception {
        try (TorchScriptClassifier model = load("tiny-cnn.pt", MNIST)) {
            assertThat(model.channelsLast()).isTrue();
            NDArray x = images(new Shape(3, 1, 28, 28));
            assertThat(MemoryLayout.difference(
                            model.evaluationPass(x, false).toFloatArray(),
                            model.evaluationPass(x, true).toFloatArray()))
                    .isNull();
        }
    }

    @Test
    void aModelThatFlattensWithViewStaysContiguousAndWorks() throws Exception {
        try (TorchScriptClassifier model = load("view-flatten-cnn.pt", RGB8)) {
            assertThat(model.channelsLast()).isFalse();
            NDArray x = images(new Shape(3, 3, 8, 8));
            assertThat(model.logits(x).getShape()).isEqualTo(new Shape(3, 10));
            assertThatThrownBy(() -> model.evaluationPass(x, true)).hasMessageContaining("view");
        }
    }

    @Test
    void aModelWhoseAnswerDependsOnTheLayoutStaysContiguous() throws Exception {
        try (TorchScriptClassifier model = load("stride-dependent-cnn.pt", RGB8)) {
            assertThat(model.channelsLast()).isFalse();
            NDArray x = images(new Shape(2, 3, 8, 8));
            float[] contiguous = model.evaluationPass(x, false).toFloatArray();
            float[] channelsLast = model.evaluationPass(x, true).toFloatArray();
            assertThat(MemoryLayout.difference(contiguous, channelsLast)).contains("differ by up to 1");
            assertThat(model.logits(x).toFloatArray()).containsExactly(contiguous, offset(1e-6f));
        }
    }

    @Test
    void theSettingOverridesTheChoice() throws Exception {
        Path view = MODELS.resolve("view-flatten-cnn.pt");
        try (TorchScriptClassifier viewModel = load("view-flatten-cnn.pt", RGB8);
                TorchScriptClassifier tiny = load("tiny-cnn.pt", MNIST)) {
            assertThatThrownBy(() -> MemoryLayout.choose(viewModel, view, "channels-last"))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("view-flatten-cnn.pt cannot take its input channels-last (a channels-last"
                            + " probe batch fails: view size is not compatible with input tensor's size and stride")
                    .hasMessageContaining("robustunit.memoryFormat=auto or contiguous");
            assertThat(MemoryLayout.choose(tiny, view, "contiguous")).isFalse();
            assertThat(MemoryLayout.choose(tiny, view, "channels-last")).isTrue();
            assertThat(MemoryLayout.choose(tiny, view, "auto")).isTrue();
        }
        assertThat(MemoryLayout.setting(" Channels-Last ")).isEqualTo("channels-last");
        assertThat(MemoryLayout.setting("")).isEqualTo("auto");
        assertThatThrownBy(() -> MemoryLayout.setting("nhwc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property robustunit.memoryFormat must be auto, channels-last or contiguous,"
                        + " was 'nhwc'");
    }

    @Test
    void aModelWhoseLogitsChangeFromCallToCallStaysContiguous() throws Exception {
        InputContract mnist = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
        Path noisy = Path.of("src/test/resources/models/obfuscated/stochastic-noise.pt");
        try (TorchScriptClassifier model = (TorchScriptClassifier) Classifiers.torchScript(noisy, mnist)) {
            assertThat(model.channelsLast()).isFalse();
            assertThatThrownBy(() -> MemoryLayout.choose(model, noisy, "channels-last"))
                    .hasMessageContaining("(its logits change from call to call)");
        }
    }

    @Test
    void nonImageInputsStayContiguous() throws Exception {
        InputContract flat = InputContract.of(new Shape(784), 0f, 1f, 10);
        try (TorchScriptClassifier model = load("linear-fashion.pt", flat)) {
            assertThat(model.channelsLast()).isFalse();
            assertThat(MemoryLayout.choose(model, MODELS.resolve("linear-fashion.pt"), "channels-last"))
                    .isFalse();
        }
    }

    @Test
    void logitsThatDifferOrAreNotFiniteAreNamed() {
        assertThat(MemoryLayout.difference(new float[] {1f, 2f}, new float[] {1f, 2f + 1e-5f}))
                .isNull();
        assertThat(MemoryLayout.difference(new float[] {1f, 2f}, new float[] {1f, 2.01f}))
                .isEqualTo("channels-last logits differ by up to 0.0100");
        assertThat(MemoryLayout.difference(new float[] {1f, Float.NaN}, new float[] {1f, Float.NaN}))
                .isEqualTo("its probe logits are not finite");
        assertThat(MemoryLayout.difference(new float[] {1f, 2f}, new float[] {1f, Float.NaN}))
                .startsWith("channels-last logits differ by up to");
        assertThat(MemoryLayout.difference(new float[] {1f, 2f}, new float[] {1f}))
                .isEqualTo("channels-last gives 1 logits instead of 2");
    }
}
