package io.robustunit.allure.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.eval.AdversarialExample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feature vectors are not drawn as images: the grid degrades to a table of the largest feature changes. */
class FeatureChangesTableTest {

    static AdversarialExample features(int index, float[] original, float[] adversarial) {
        return new AdversarialExample(index, 0, 0, 1, new int[] {original.length}, original, adversarial);
    }

    @Test
    void listsTheLargestChangesOfEachBrokenSample() {
        List<AdversarialExample> examples =
                List.of(features(42, new float[] {0f, 1f, 2f, 3f}, new float[] {0.1f, 1f, 1.5f, 3f}));
        assertThat(FeatureChangesTable.applies(examples)).isTrue();
        String csv = new FeatureChangesTable()
                .render(examples, List.of("ok", "fraud"))
                .contentAsText();
        assertThat(csv).contains("42,ok,ok,fraud,\"f2:-0.5000 f0:+0.1000 f1:+0.000 f3:+0.000\"");
    }

    @Test
    void imagesStillGoToTheGrid() {
        AdversarialExample image = new AdversarialExample(1, 0, 0, 1, new int[] {1, 2, 2}, new float[4], new float[4]);
        assertThat(FeatureChangesTable.applies(List.of(image))).isFalse();
        assertThat(FeatureChangesTable.applies(List.of())).isFalse();
    }
}
