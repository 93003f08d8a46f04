package io.robustunit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GIVEN a folder cache WHEN a later JVM (a new cache instance) asks for the same evaluation THEN it reads it. */
class PersistentEvaluationCacheTest {

    static final InputContract FASHION = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    static final Path MODELS = Path.of("src/test/resources/models");
    static LabeledImages data;
    static final Attack FGSM = Attacks.fgsm(ThreatModel.linf(0.1));
    static final RobustnessEvaluator EVALUATOR =
            RobustnessEvaluator.builder().batchSize(10).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void loadData() throws IOException {
        data = FashionMnist.load(Path.of("src/test/resources/fashion-mnist-200"), FashionMnist.Split.TEST)
                .first(20);
    }

    private RobustnessReport evaluate(EvaluationCache cache, Classifier model, Attack attack, AtomicInteger runs) {
        EvaluationKey<RobustnessReport> key =
                EvaluationKey.attackEvaluation(RobustnessReport.class, model, data, attack, EVALUATOR.settings());
        return cache.computeIfAbsent(key, () -> {
            runs.incrementAndGet();
            return EVALUATOR.evaluate(model, data, attack);
        });
    }

    @Test
    void aSecondCacheOnTheSameFolderDecidesFromTheStoredReport() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Classifier model = Classifiers.torchScript(MODELS.resolve("linear-fashion.pt"), FASHION)) {
            RobustnessReport first = evaluate(EvaluationCache.persistent(dir), model, FGSM, runs);
            PersistentEvaluationCache second = new PersistentEvaluationCache(dir);
            RobustnessReport again = evaluate(second, model, FGSM, runs);

            assertThat(runs).hasValue(1);
            assertThat(second.hits()).isEqualTo(1);
            assertThat(again.outcomes()).isEqualTo(first.outcomes());
            assertThat(again.attackDescription()).isEqualTo(first.attackDescription());
        }
        assertThat(entries()).hasSize(1);
    }

    @Test
    void changingTheModelFileTheAttackSeedOrTheEvaluatorReEvaluates() throws Exception {
        Path file = dir.resolve("model.pt");
        Files.copy(MODELS.resolve("linear-fashion.pt"), file);
        AtomicInteger runs = new AtomicInteger();
        try (Classifier model = Classifiers.torchScript(file, FASHION)) {
            evaluate(EvaluationCache.persistent(dir), model, FGSM, runs);
            evaluate(EvaluationCache.persistent(dir), model, FGSM.withSeed(7), runs);
            EvaluationKey<RobustnessReport> otherBatch = EvaluationKey.attackEvaluation(
                    RobustnessReport.class,
                    model,
                    data,
                    FGSM,
                    RobustnessEvaluator.builder().batchSize(5).build().settings());
            assertThat(otherBatch)
                    .isNotEqualTo(EvaluationKey.attackEvaluation(
                            RobustnessReport.class, model, data, FGSM, EVALUATOR.settings()));
        }
        assertThat(runs).hasValue(2);
        Files.copy(MODELS.resolve("tiny-cnn.pt"), file, StandardCopyOption.REPLACE_EXISTING);
        try (Classifier changed = Classifiers.torchScript(file, FASHION)) {
            evaluate(EvaluationCache.persistent(dir), changed, FGSM, runs);
        }
        assertThat(runs).hasValue(3);
    }

    @Test
    void corruptAndForeignEntriesAreIgnoredAndRewritten() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Classifier model = Classifiers.torchScript(MODELS.resolve("linear-fashion.pt"), FASHION)) {
            RobustnessReport first = evaluate(EvaluationCache.persistent(dir), model, FGSM, runs);
            Path entry = entries().get(0);
            String stored = Files.readString(entry);

            Files.writeString(entry, stored.substring(0, stored.length() / 2));
            evaluate(EvaluationCache.persistent(dir), model, FGSM, runs);
            assertThat(runs).hasValue(2);

            Files.writeString(entry, stored.replace("seed", "sead"));
            evaluate(EvaluationCache.persistent(dir), model, FGSM, runs);
            assertThat(runs).hasValue(3);

            Files.writeString(entry, "not a cache entry");
            evaluate(EvaluationCache.persistent(dir), model, FGSM, runs);
            assertThat(runs).hasValue(4);

            RobustnessReport read = evaluate(EvaluationCache.persistent(dir), model, FGSM, runs);
            assertThat(runs).hasValue(4);
            assertThat(read.outcomes()).isEqualTo(first.outcomes());
        }
    }

    @Test
    void modelsWithoutAFileDigestStayInMemory() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Classifier model = Classifiers.torchScript(MODELS.resolve("linear-fashion.pt"), FASHION)) {
            Classifier inMemory = new ForwardingClassifier(model);
            evaluate(EvaluationCache.persistent(dir), inMemory, FGSM, runs);
            evaluate(EvaluationCache.persistent(dir), inMemory, FGSM, runs);
        }
        assertThat(runs).hasValue(2);
        assertThat(entries()).isEmpty();
    }

    @Test
    void theConfiguredCacheFollowsTheSystemProperties() {
        String mode = System.getProperty(EvaluationCache.MODE_PROPERTY);
        String folder = System.getProperty(EvaluationCache.DIRECTORY_PROPERTY);
        try {
            System.setProperty(EvaluationCache.DIRECTORY_PROPERTY, dir.toString());
            System.clearProperty(EvaluationCache.MODE_PROPERTY);
            assertThat(EvaluationCache.configured())
                    .isInstanceOfSatisfying(
                            PersistentEvaluationCache.class,
                            c -> assertThat(c.directory()).isEqualTo(dir));
            System.setProperty(EvaluationCache.MODE_PROPERTY, "memory");
            assertThat(EvaluationCache.configured()).isInstanceOf(InMemoryEvaluationCache.class);
            System.setProperty(EvaluationCache.MODE_PROPERTY, "off");
            assertThat(EvaluationCache.configured()).isSameAs(EvaluationCache.none());
        } finally {
            restore(EvaluationCache.MODE_PROPERTY, mode);
            restore(EvaluationCache.DIRECTORY_PROPERTY, folder);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".entry")).toList();
        }
    }

    /** A classifier that is not loaded from a file (no digest). */
    private record ForwardingClassifier(Classifier inner) implements Classifier {
        @Override
        public String name() {
            return "in-memory";
        }

        @Override
        public InputContract contract() {
            return inner.contract();
        }

        @Override
        public ai.djl.Device device() {
            return inner.device();
        }

        @Override
        public ai.djl.ndarray.NDArray logits(ai.djl.ndarray.NDArray inputs) {
            return inner.logits(inputs);
        }

        @Override
        public io.robustunit.model.InputGradient inputGradient(
                ai.djl.ndarray.NDArray inputs,
                java.util.function.Function<ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray> loss) {
            return inner.inputGradient(inputs, loss);
        }

        @Override
        public void close() {}
    }
}
