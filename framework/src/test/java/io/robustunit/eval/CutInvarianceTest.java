package io.robustunit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attack, randomised or not, gives byte-identical per-sample outcomes (verdict, predictions,
 * perturbation norm, breaking attack) and an identical JSON report (apart from the wall time)
 * whatever the batch size, the thread count, the order of the samples or the cut into shards: a
 * sample's randomness comes from (attack seed, dataset index) only and every forward pass runs in
 * calls of the same row count ({@link io.robustunit.model.FixedRowBatches}).
 */
class CutInvarianceTest {

    private static final Path MODEL = Path.of("../sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
    private static final Path DATA = Path.of("src/test/resources/fashion-mnist-200");
    private static final ThreatModel LINF = ThreatModel.linf(0.03);
    private static final ThreatModel L2 = ThreatModel.l2(0.6);

    static Classifier model;
    static LabeledImages images;

    @BeforeAll
    static void load() throws Exception {
        model = Classifiers.torchScript(MODEL, InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10));
        images = FashionMnist.load(DATA, FashionMnist.Split.TEST).first(12);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<Attack> attacks() {
        return Stream.of(
                Attacks.fgsm(LINF),
                Attacks.fgm(L2),
                Attacks.pgd(LINF).steps(3).randomStart(true).restarts(2).seed(3),
                Attacks.pgd(L2).steps(3).randomStart(true).earlyExit(true).seed(3),
                Attacks.apgdCe(LINF).iterations(4).restarts(2).seed(4),
                Attacks.apgdDlr(LINF).iterations(4).targetClasses(2).seed(4),
                Attacks.square(LINF.withEpsilon(0.08)).queries(25).seed(5),
                Attacks.autoAttack(LINF)
                        .members(
                                Attacks.apgdCe(LINF).iterations(3).earlyExit(true),
                                Attacks.apgdDlr(LINF)
                                        .iterations(3)
                                        .targetClasses(1)
                                        .earlyExit(true),
                                Attacks.square(LINF).queries(15))
                        .seed(6));
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void outcomesDoNotDependOnBatchSizeThreadsOrderOrShards(Attack attack) {
        RobustnessReport whole = evaluator(12, 1).evaluate(model, images, attack);

        List<RobustnessReport> cuts = new ArrayList<>();
        cuts.add(evaluator(5, 2).evaluate(model, images, attack));
        int[] reversed = IntStream.range(0, images.size())
                .map(i -> images.size() - 1 - i)
                .toArray();
        cuts.add(evaluator(7, 1).evaluate(model, images.select(reversed, images.name()), attack));
        String fingerprint = DataFingerprints.sha256(images);
        cuts.add(RobustnessReport.merge(
                List.of(
                        evaluator(4, 1)
                                .evaluatePart(model, images.shard(0, 3), attack, Shard.of(0, 3, images), fingerprint),
                        evaluator(2, 1)
                                .evaluatePart(model, images.shard(1, 3), attack, Shard.of(1, 3, images), fingerprint),
                        evaluator(3, 2)
                                .evaluatePart(model, images.shard(2, 3), attack, Shard.of(2, 3, images), fingerprint)),
                4));

        for (RobustnessReport cut : cuts) {
            assertThat(cut.outcomes()).isEqualTo(whole.outcomes());
            assertThat(withoutWallTime(cut.toJson()))
                    .as("JSON of cut %d", cuts.indexOf(cut))
                    .isEqualTo(withoutWallTime(whole.toJson()));
            assertThat(cut.examples())
                    .usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(whole.examples());
        }
        assertThat(whole.cleanCorrectCount()).as("some samples are attacked").isGreaterThan(6);
        if (!attack.name().startsWith("FG")) {
            assertThat(whole.robustCount())
                    .as("%s breaks some samples and not all", attack)
                    .isBetween(1, whole.cleanCorrectCount() - 1);
        }
    }

    private static RobustnessEvaluator evaluator(int batchSize, int threads) {
        return RobustnessEvaluator.builder()
                .batchSize(batchSize)
                .parallelism(threads)
                .retainExamples(4)
                .build();
    }

    private static String withoutWallTime(String json) {
        return json.replaceAll("(?m)^  \"wallTimeNanos\": \\d+,\\n", "");
    }
}
