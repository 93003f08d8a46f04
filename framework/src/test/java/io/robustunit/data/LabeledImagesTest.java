package io.robustunit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.RobustUnitEngine;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabeledImagesTest {

    static final List<String> TEN = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /**
     * {@code n} 28x28 images whose first pixel encodes their position; class sizes deliberately
     * unequal (class c holds about (c + 1) / 55 of the images).
     */
    static LabeledImages dataset(int n) {
        float[] pixels = new float[n * 784];
        int[] labels = new int[n];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = random.nextInt(256) / 255f;
            }
            pixels[i * 784] = i / (float) n;
            int r = random.nextInt(55);
            int c = 0;
            while (r >= (c + 1) * (c + 2) / 2) {
                c++;
            }
            labels[i] = c;
        }
        return LabeledImages.of("synthetic", new int[] {1, 28, 28}, TEN, pixels, labels, null);
    }

    static int[] datasetIndices(LabeledImages images) {
        int[] idx = new int[images.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = images.datasetIndex(i);
        }
        return idx;
    }

    static int[] classCounts(LabeledImages images) {
        int[] counts = new int[images.numClasses()];
        for (int i = 0; i < images.size(); i++) {
            counts[images.label(i)]++;
        }
        return counts;
    }

    static final LabeledImages all = dataset(1000);

    @Test
    void firstTakesAPrefixAndKeepsDatasetIndices() {
        LabeledImages first = all.first(7);
        assertThat(datasetIndices(first)).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(first.image(3)).containsExactly(all.image(3));
        assertThat(all.first(5000).size()).isEqualTo(1000);
        assertThat(all.first(0).size()).isZero();
    }

    @Test
    void stratifiedIsDeterministicPerSeed() {
        assertThat(datasetIndices(all.stratified(100, 42)))
                .containsExactly(datasetIndices(dataset(1000).stratified(100, 42)));
        assertThat(datasetIndices(all.stratified(100, 43))).isNotEqualTo(datasetIndices(all.stratified(100, 42)));
    }

    @ParameterizedTest
    @CsvSource({"100, 1", "37, 2", "999, 3", "10, 4", "1, 5"})
    void stratifiedKeepsEachClassShareWithinOneSample(int n, long seed) {
        LabeledImages subset = all.stratified(n, seed);
        assertThat(subset.size()).isEqualTo(n);
        int[] whole = classCounts(all);
        int[] part = classCounts(subset);
        for (int c = 0; c < 10; c++) {
            double expected = (double) n * whole[c] / all.size();
            assertThat((double) part[c]).as("class %d", c).isCloseTo(expected, within(1.0));
        }
        int[] idx = datasetIndices(subset);
        assertThat(idx).isSorted().doesNotHaveDuplicates();
        for (int i = 0; i < subset.size(); i++) {
            assertThat(subset.label(i)).isEqualTo(all.label(idx[i]));
            assertThat(subset.image(i)).containsExactly(all.image(idx[i]));
        }
    }

    @Test
    void stratifiedOfAtLeastTheWholeSetIsTheWholeSet() {
        assertThat(datasetIndices(all.stratified(1000, 1))).containsExactly(datasetIndices(all));
    }

    @Test
    void subsetsOfSubsetsKeepTheSourceIndices() {
        LabeledImages shard = all.shard(1, 3);
        LabeledImages firstTwo = shard.first(2);
        assertThat(datasetIndices(firstTwo)).containsExactly(1, 4);
        LabeledImages stratified = all.stratified(50, 9).stratified(10, 9);
        for (int i = 0; i < stratified.size(); i++) {
            assertThat(stratified.image(i)).containsExactly(all.image(stratified.datasetIndex(i)));
        }
    }

    @ParameterizedTest
    @CsvSource({"1000, 1", "1000, 3", "1000, 7", "5, 7", "0, 2"})
    void shardsAreDisjointAndCoverTheSet(int size, int count) {
        LabeledImages set = all.first(size);
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int s = 0; s < count; s++) {
            int[] idx = datasetIndices(set.shard(s, count));
            total += idx.length;
            for (int i : idx) {
                assertThat(seen.add(i)).as("index %d in two shards", i).isTrue();
                assertThat(i % count).isEqualTo(s);
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(seen).hasSize(size);
    }

    @ParameterizedTest
    @CsvSource({"-1, 3", "3, 3", "0, 0"})
    void anImpossibleShardIsRefused(int shard, int count) {
        assertThatThrownBy(() -> all.shard(shard, count))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shard must be in [0, count) with count >= 1, was " + shard + " of " + count);
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> all.first(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be >= 0, was -1");
        assertThatThrownBy(() -> all.stratified(-2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be >= 0, was -2");
    }

    @Test
    void batchIsFloat32NchwInTheUnitIntervalWithLabelsAndIndices() {
        RobustUnitEngine.pytorch();
        LabeledImages shard = all.shard(2, 5);
        try (NDManager manager = NDManager.newBaseManager(RobustUnitEngine.PYTORCH);
                Batch batch = shard.batch(manager, 3, 11)) {
            assertThat(batch.images().getShape()).isEqualTo(new Shape(8, 1, 28, 28));
            assertThat(batch.images().getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(batch.labels().getShape()).isEqualTo(new Shape(8));
            assertThat(batch.size()).isEqualTo(8);
            assertThat(batch.offset()).isEqualTo(3);
            float[] px = batch.images().toFloatArray();
            assertThat(batch.images().min().getFloat()).isGreaterThanOrEqualTo(0f);
            assertThat(batch.images().max().getFloat()).isLessThanOrEqualTo(1f);
            int[] labels = batch.labels().toIntArray();
            for (int i = 0; i < 8; i++) {
                assertThat(batch.datasetIndices()[i])
                        .isEqualTo(shard.datasetIndex(3 + i))
                        .isEqualTo(2 + 5 * (3 + i));
                assertThat(labels[i]).isEqualTo(shard.label(3 + i));
                assertThat(Arrays.copyOfRange(px, i * 784, (i + 1) * 784)).containsExactly(shard.image(3 + i));
            }
        }
    }

    @Test
    void aBatchOutsideTheSetIsRefused() {
        RobustUnitEngine.pytorch();
        try (NDManager manager = NDManager.newBaseManager(RobustUnitEngine.PYTORCH)) {
            assertThatThrownBy(() -> all.batch(manager, 990, 1001)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void ofRefusesInconsistentArraysNamingTheDataset() {
        assertThatThrownBy(() -> LabeledImages.of("mine", new int[] {1, 2, 2}, TEN, new float[7], new int[2], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mine: 7 pixel values do not make 2 images of shape [1, 2, 2]");
        assertThatThrownBy(
                        () -> LabeledImages.of("mine", new int[] {1, 2, 2}, TEN, new float[8], new int[] {0, 10}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mine: label 10 of image 1 is outside [0, 10)");
        assertThatThrownBy(() -> LabeledImages.of("mine", new int[] {2, 2}, TEN, new float[8], new int[2], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "image shape must be [C, H, W] (or [F] for feature vectors) with positive sizes, was [2, 2]");
        assertThatThrownBy(
                        () -> LabeledImages.of("mine", new int[] {1, 2, 2}, TEN, new float[8], new int[2], new int[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mine: 3 indices for 2 images");
    }
}
