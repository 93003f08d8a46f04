package io.robustunit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluationCacheTest {

    static final InputContract FASHION = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    static Classifier model;
    static Classifier sameFileOtherInstance;

    @BeforeAll
    static void load() throws Exception {
        Path file = Path.of("src/test/resources/models/linear-fashion.pt");
        model = Classifiers.torchScript(file, FASHION);
        sameFileOtherInstance = Classifiers.torchScript(file, FASHION);
    }

    @AfterAll
    static void close() {
        model.close();
        sameFileOtherInstance.close();
    }

    static LabeledImages images(float value) {
        return LabeledImages.of(
                "tiny",
                new int[] {1, 2, 2},
                List.of("a", "b"),
                new float[] {value, 0, 0, 0, 1, 1, 1, 1},
                new int[] {0, 1},
                new int[] {7, 9});
    }

    @Test
    void sameModelSameContentSameProcedureIsComputedOnce() {
        EvaluationCache cache = EvaluationCache.inMemory();
        AtomicInteger computations = new AtomicInteger();

        String first = cache.computeIfAbsent(
                EvaluationKey.of(String.class, model, images(0), "PGD"),
                () -> "report " + computations.incrementAndGet());
        String second = cache.computeIfAbsent(
                EvaluationKey.of(String.class, model, images(0), "PGD"),
                () -> "report " + computations.incrementAndGet());

        assertThat(second).isEqualTo(first).isEqualTo("report 1");
        assertThat(computations).hasValue(1);
    }

    @Test
    void otherDataOrOtherAttackIsAnotherEvaluationButAnotherLoadOfTheSameFileIsNot() {
        EvaluationCache cache = EvaluationCache.inMemory();
        AtomicInteger computations = new AtomicInteger();

        cache.computeIfAbsent(EvaluationKey.of(Integer.class, model, images(0), "PGD"), computations::incrementAndGet);
        cache.computeIfAbsent(
                EvaluationKey.of(Integer.class, sameFileOtherInstance, images(0), "PGD"),
                computations::incrementAndGet);
        cache.computeIfAbsent(
                EvaluationKey.of(Integer.class, model, images(0.5f), "PGD"), computations::incrementAndGet);
        cache.computeIfAbsent(EvaluationKey.of(Integer.class, model, images(0), "FGSM"), computations::incrementAndGet);

        assertThat(computations).hasValue(3);
    }

    @Test
    void concurrentCallersOfOneKeyWaitForTheFirstComputation() throws Exception {
        EvaluationCache cache = EvaluationCache.inMemory();
        AtomicInteger computations = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.computeIfAbsent(EvaluationKey.of(Integer.class, model, images(0), "PGD"), () -> {
                        sleep();
                        return computations.incrementAndGet();
                    });
                }));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(computations).hasValue(1);
    }

    @Test
    void aFailedComputationIsNotCachedAndIsRethrown() {
        EvaluationCache cache = EvaluationCache.inMemory();
        EvaluationKey<String> key = EvaluationKey.of(String.class, model, images(0), "PGD");

        assertThatThrownBy(() -> cache.computeIfAbsent(key, () -> {
                    throw new IllegalStateException("attack diverged");
                }))
                .hasMessage("attack diverged");

        assertThat(cache.computeIfAbsent(key, () -> "second try")).isEqualTo("second try");
    }

    @Test
    void withoutABindingEveryEvaluationIsComputedAndBindingsNest() {
        EvaluationCache outer = EvaluationCache.inMemory();
        EvaluationCache inner = EvaluationCache.inMemory();

        assertThat(EvaluationCaches.current()).isSameAs(EvaluationCache.none());
        try (EvaluationCaches.Binding a = EvaluationCaches.bind(outer)) {
            assertThat(EvaluationCaches.current()).isSameAs(outer);
            try (EvaluationCaches.Binding b = EvaluationCaches.bind(inner)) {
                assertThat(EvaluationCaches.current()).isSameAs(inner);
            }
            assertThat(EvaluationCaches.current()).isSameAs(outer);
        }
        assertThat(EvaluationCaches.current()).isSameAs(EvaluationCache.none());
    }

    @Test
    void fingerprintsIdentifyContentNotInstances() {
        assertThat(DatasetFingerprint.of(images(0))).isEqualTo(DatasetFingerprint.of(images(0)));
        assertThat(DatasetFingerprint.of(images(0))).isNotEqualTo(DatasetFingerprint.of(images(0.5f)));
        assertThat(DatasetFingerprint.of(images(0)).size()).isEqualTo(2);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
