package io.robustunit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluator with RobustUnit's real attacks on the tiny TorchScript test model, on random images
 * labelled with the model's own predictions (so every sample starts clean-correct).
 */
class TorchScriptEvaluationTest {

    static Classifier tiny;
    static LabeledImages images;

    @BeforeAll
    static void load() throws Exception {
        tiny = Classifiers.torchScript(
                Path.of("src/test/resources/models/tiny-cnn.pt"), InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10));
        SplittableRandom random = new SplittableRandom(11);
        int n = 8;
        float[] pixels = new float[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        int[] labels;
        try (NDManager m = NDManager.newBaseManager()) {
            long[] predicted = tiny.logits(m.create(pixels, new Shape(n, 1, 28, 28)))
                    .argMax(1)
                    .toLongArray();
            labels = java.util.Arrays.stream(predicted).mapToInt(p -> (int) p).toArray();
        }
        List<String> classes = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        images = LabeledImages.of("random", new int[] {1, 28, 28}, classes, pixels, labels, null);
    }

    @AfterAll
    static void close() {
        tiny.close();
    }

    @Test
    void withOneSampleBatchesMergedShardsOfARandomisedAttackEqualTheWholeEvaluation() {
        Attack square = Attacks.square(ThreatModel.linf(0.1)).queries(10).seed(5);
        RobustnessEvaluator evaluator =
                RobustnessEvaluator.builder().batchSize(1).build();

        RobustnessReport whole = evaluator.evaluate(tiny, images, square);
        RobustnessReport merged = RobustnessReport.merge(
                evaluator.evaluate(tiny, images.shard(0, 2), square),
                evaluator.evaluate(tiny, images.shard(1, 2), square));

        assertThat(merged.outcomes()).isEqualTo(whole.outcomes());
        assertThat(whole.maxPerturbationNorm()).as("Square perturbs").isGreaterThan(0.09);
    }

    @Test
    void pgdExamplesPassTheBallAndRangeChecksAndOnlyLowerRobustness() {
        RobustnessEvaluator evaluator =
                RobustnessEvaluator.builder().batchSize(1).build();
        Attack pgd = Attacks.pgd(ThreatModel.linf(0.05)).steps(3).seed(3);

        RobustnessReport linf = evaluator.evaluate(tiny, images, pgd);
        RobustnessReport l2 = evaluator.evaluate(
                tiny, images, Attacks.pgd(ThreatModel.l2(0.5)).steps(3).seed(3));

        assertThat(linf.validityFindings()).isEmpty();
        assertThat(l2.validityFindings()).isEmpty();
        assertThat(linf.maxPerturbationNorm()).isLessThanOrEqualTo(0.05 + 1e-6);
        assertThat(l2.maxPerturbationNorm()).isLessThanOrEqualTo(0.5 + 1e-5);
        assertThat(linf.cleanCorrectCount()).isEqualTo(8);
        assertThat(linf.robustCount()).isLessThan(8);
    }
}
