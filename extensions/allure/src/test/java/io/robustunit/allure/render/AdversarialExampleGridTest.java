package io.robustunit.allure.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.allure.Fixtures;
import io.robustunit.eval.AdversarialExample;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdversarialExampleGridTest {

    // layout of the default grid: 28 x 28 images drawn 4x, 10 px padding, 26 px title, 20 px captions
    static final int CELL = 112;
    static final int PAD = 10;
    static final int FIRST_ROW_TOP = 26 + 20 + 20;
    static final int ROW = 20 + CELL + PAD;

    final List<AdversarialExample> examples = Fixtures.report(0.1, 5, 10, 3).examples();

    @Test
    void oneRowPerExampleWithThreeCells() {
        RenderedAttachment png = new AdversarialExampleGrid().render(examples, Fixtures.CLASSES);

        BufferedImage image = Images.decode(png);

        assertThat(png.name()).isEqualTo("adversarial examples");
        assertThat(examples).hasSize(3);
        assertThat(image.getWidth()).isEqualTo(440);
        assertThat(image.getHeight()).isEqualTo(26 + 20 + 3 * ROW + PAD);
    }

    @Test
    void cellsShowTheOriginalTheAdversarialAndTheSignOfThePerturbation() {
        BufferedImage image = Images.decode(new AdversarialExampleGrid().render(examples, Fixtures.CLASSES));
        int top = FIRST_ROW_TOP + ROW; // second row
        int original = PAD;
        int adversarial = PAD + CELL + PAD;
        int perturbation = PAD + 2 * (CELL + PAD);
        int inside = 10 * 4; // image pixel (10, 10): inside the square, left half
        int right = 16 * 4; // image pixel (16, 10): inside the square, right half

        assertThat(Images.rgb(image, original + inside, top + inside)).isEqualTo(gray(0.5));
        assertThat(Images.rgb(image, original, top)).isEqualTo(gray(0));
        assertThat(Images.rgb(image, adversarial + inside, top + inside)).isEqualTo(gray(0.6));
        assertThat(Images.rgb(image, adversarial + right, top + inside)).isEqualTo(gray(0.4));
        // +eps on the left half is full red, -eps inside the square on the right is full blue,
        // and the right border stays at 0 - eps clipped to 0: no change, white
        assertThat(Images.rgb(image, perturbation + inside, top + inside)).isEqualTo(0xFF0000);
        assertThat(Images.rgb(image, perturbation + right, top + inside)).isEqualTo(0x0000FF);
        assertThat(Images.rgb(image, perturbation + 27 * 4, top)).isEqualTo(0xFFFFFF);
    }

    @Test
    void captionsNameTheSampleItsLabelAndBothPredictions() {
        assertThat(AdversarialExampleGrid.caption(examples.get(0), Fixtures.CLASSES))
                .isEqualTo("#5  true: Pullover  predicted: Pullover -> T-shirt/top");
        assertThat(AdversarialExampleGrid.amplification(examples))
                .isCloseTo(10, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void colourImagesAreDrawnInColour() {
        float[] red = new float[3 * 4 * 4];
        java.util.Arrays.fill(red, 0, 16, 1f);
        AdversarialExample rgb = new AdversarialExample(0, 0, 0, 1, new int[] {3, 4, 4}, red, red);

        BufferedImage image = Images.decode(new AdversarialExampleGrid(8).render(List.of(rgb), Fixtures.CLASSES));

        assertThat(Images.rgb(image, PAD, 26 + 20 + 20)).isEqualTo(0xFF0000);
    }

    @Test
    void nothingToDrawOrNoImageIsRejected() {
        AdversarialExample flat = new AdversarialExample(3, 0, 0, 1, new int[] {4}, new float[4], new float[4]);

        assertThatThrownBy(() -> new AdversarialExampleGrid().render(List.of(), Fixtures.CLASSES))
                .hasMessage("no adversarial example to draw");
        assertThatThrownBy(() -> new AdversarialExampleGrid().render(List.of(flat), Fixtures.CLASSES))
                .hasMessage("example 3 has shape [4]; only images [channels, height, width] can be drawn");
    }

    private static int gray(double v) {
        int b = (int) Math.round(255 * v);
        return (b << 16) | (b << 8) | b;
    }
}
