package io.robustunit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GIVEN the fixed-row pieces of a forward pass or input gradient run on several worker threads
 * WHEN logits, gradients and whole evaluations are computed THEN they are bit-for-bit those of the
 * pieces run one after another (padding rows included).
 */
class ForwardWorkersTest {

    private static final Path MODEL = Path.of("../sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
    private static final InputContract FASHION = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    static Classifier model;

    @BeforeAll
    static void load() throws Exception {
        model = Classifiers.torchScript(MODEL, FASHION);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @AfterEach
    void oneWorker() {
        RobustUnitEngine.setForwardWorkers(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void logitsAndGradientsEqualThoseOfOneWorker(int workers) {
        try (NDManager manager = NDManager.newBaseManager()) {
            // 37 rows: two full pieces of 16 and one padded with 11 copies of the last row
            NDArray x = manager.randomUniform(0, 1, new Shape(37, 1, 28, 28));
            // a loss that mixes rows (the logit gradient of every row depends on all of them)
            Function<NDArray, NDArray> loss = logits ->
                    logits.logSoftmax(1).get(":, 3").sum().mul(logits.max().stopGradient());

            RobustUnitEngine.setForwardWorkers(1);
            float[] logits = model.logits(x).toFloatArray();
            float[][] sequential;
            try (InputGradient g = model.inputGradient(x, loss)) {
                sequential =
                        new float[][] {g.logits().toFloatArray(), g.gradient().toFloatArray()};
            }

            RobustUnitEngine.setForwardWorkers(workers);
            assertThat(model.logits(x).toFloatArray()).containsExactly(logits);
            for (int round = 0; round < 3; round++) {
                try (InputGradient g = model.inputGradient(x, loss)) {
                    assertThat(g.logits().getShape()).isEqualTo(new Shape(37, 10));
                    assertThat(g.gradient().getShape()).isEqualTo(x.getShape());
                    assertThat(g.logits().toFloatArray()).containsExactly(sequential[0]);
                    assertThat(g.gradient().toFloatArray()).containsExactly(sequential[1]);
                }
            }
            double magnitude = 0;
            for (float v : sequential[1]) {
                magnitude += Math.abs(v);
            }
            assertThat(magnitude).as("a non-trivial gradient").isGreaterThan(0);
        }
    }

    @Test
    void evaluationsAreIdenticalWithWorkers() throws Exception {
        LabeledImages images = FashionMnist.load(
                        Path.of("src/test/resources/fashion-mnist-200"), FashionMnist.Split.TEST)
                .first(40);
        Attack pgd =
                Attacks.pgd(ThreatModel.linf(0.03)).steps(3).randomStart(true).seed(7);
        RobustnessEvaluator evaluator =
                RobustnessEvaluator.builder().batchSize(40).build();

        RobustUnitEngine.setForwardWorkers(1);
        RobustnessReport one = evaluator.evaluate(model, images, pgd);
        RobustUnitEngine.setForwardWorkers(2);
        RobustnessReport two = evaluator.evaluate(model, images, pgd);

        assertThat(two.outcomes()).isEqualTo(one.outcomes());
        assertThat(one.robustCount())
                .as("PGD breaks some samples and not all")
                .isBetween(1, one.cleanCorrectCount() - 1);
    }

    @Test
    void aWorkerCountBelowOneIsRefused() {
        assertThatThrownBy(() -> RobustUnitEngine.setForwardWorkers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forward workers must be >= 1, was 0");
    }
}
