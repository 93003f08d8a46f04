package io.robustunit.allure.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.allure.Fixtures;
import java.awt.image.BufferedImage;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RobustnessCurveChartTest {

    static final int ROBUST = 0xC0392B;
    static final int CLEAN = 0x2471A3;
    static final int THRESHOLD = 0x1E8449;

    @Test
    void drawsBothCurvesTheirBandsAndTheThresholdLine() {
        RenderedAttachment png = new RobustnessCurveChart().render(Fixtures.curve(), OptionalDouble.of(0.5));

        BufferedImage image = Images.decode(png);

        assertThat(png.name()).isEqualTo("robustness curve");
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
        assertThat(Images.count(image, ROBUST)).as("robust accuracy line").isGreaterThan(200);
        assertThat(Images.count(image, CLEAN)).as("clean accuracy line").isGreaterThan(200);
        assertThat(Images.count(image, THRESHOLD)).as("threshold line").isGreaterThan(200);
        // the band: the line colour blended 20% into white
        assertThat(Images.countNear(image, blend(ROBUST, 0.2), 3))
                .as("robust band")
                .isGreaterThan(2000);
    }

    @Test
    void withoutAThresholdThereIsNoThresholdLine() {
        BufferedImage image =
                Images.decode(new RobustnessCurveChart(400, 300, 0.9).render(Fixtures.curve(), OptionalDouble.empty()));

        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getHeight()).isEqualTo(300);
        assertThat(Images.count(image, THRESHOLD)).isZero();
        assertThat(Images.count(image, ROBUST)).isGreaterThan(100);
    }

    @Test
    void theThresholdLineSitsAtItsValue() {
        BufferedImage low = Images.decode(new RobustnessCurveChart().render(Fixtures.curve(), OptionalDouble.of(0.2)));
        BufferedImage high = Images.decode(new RobustnessCurveChart().render(Fixtures.curve(), OptionalDouble.of(0.9)));

        assertThat(rowOf(high, THRESHOLD)).isLessThan(rowOf(low, THRESHOLD));
    }

    @Test
    void nonsenseSizesAreRejected() {
        assertThatThrownBy(() -> new RobustnessCurveChart(10, 500, 0.95))
                .hasMessage("chart size must be at least 100 x 100 pixels, was 10 x 500");
        assertThatThrownBy(() -> new RobustnessCurveChart(800, 500, 95))
                .hasMessage("confidence must be in (0, 1), was 95.0");
    }

    /** The image row with the most pixels of this colour. */
    private static int rowOf(BufferedImage image, int rgb) {
        int best = -1;
        int bestCount = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            int n = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
            if (n > bestCount) {
                best = y;
                bestCount = n;
            }
        }
        return best;
    }

    private static int blend(int rgb, double alpha) {
        int r = (int) Math.round(((rgb >> 16) & 255) * alpha + 255 * (1 - alpha));
        int g = (int) Math.round(((rgb >> 8) & 255) * alpha + 255 * (1 - alpha));
        int b = (int) Math.round((rgb & 255) * alpha + 255 * (1 - alpha));
        return (r << 16) | (g << 8) | b;
    }
}
