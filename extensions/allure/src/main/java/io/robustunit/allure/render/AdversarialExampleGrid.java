package io.robustunit.allure.render;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.AdversarialExample;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Draws broken samples as a PNG grid, one row per sample: the original, the adversarial example,
 * and the perturbation amplified to full contrast (red where the attack brightened a pixel, blue
 * where it darkened it; one scale for the whole grid), under a line with the dataset index, the
 * true label and both predictions. One-channel images are drawn in grey, three-channel ones in
 * colour; other layouts show their first channel.
 *
 * <pre>{@code
 * RenderedAttachment png = new AdversarialExampleGrid().render(report.examples(), report.classNames());
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class AdversarialExampleGrid {

    /** The attachment's name. */
    public static final String NAME = "adversarial examples";

    private static final int PAD = 10;
    private static final int TITLE = 26;
    private static final int CAPTION = 20;
    private static final int MIN_WIDTH = 440;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private final int cellSize;

    /** Cells of about 112 pixels (28 x 28 images drawn 4 times larger). */
    public AdversarialExampleGrid() {
        this(112);
    }

    /**
     * Images enlarged by a whole factor to about {@code cellSize} pixels.
     *
     * @throws IllegalArgumentException if {@code cellSize < 8}
     */
    public AdversarialExampleGrid(int cellSize) {
        if (cellSize < 8) {
            throw new IllegalArgumentException("cellSize must be at least 8 pixels, was " + cellSize);
        }
        this.cellSize = cellSize;
    }

    /**
     * Renders the examples in the given order.
     *
     * @param classNames class names by label, for the captions
     * @throws IllegalArgumentException if there is no example or an example is not an image
     *     ({@code [channels, height, width]})
     */
    public RenderedAttachment render(List<AdversarialExample> examples, List<String> classNames) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no adversarial example to draw");
        }
        int[] shape = imageShape(examples.get(0));
        int scale = Math.max(1, cellSize / Math.max(shape[1], shape[2]));
        int cellW = shape[2] * scale;
        int cellH = shape[1] * scale;
        double amplification = amplification(examples);
        int width = Math.max(MIN_WIDTH, 3 * cellW + 4 * PAD);
        int rowHeight = CAPTION + cellH + PAD;
        int height = TITLE + CAPTION + examples.size() * rowHeight + PAD;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.drawString(
                    examples.size() == 1
                            ? "the first broken sample"
                            : "the first " + examples.size() + " broken samples",
                    PAD,
                    TITLE - 8);
            g.setFont(TEXT_FONT);
            String[] headers = {
                "original", "adversarial", String.format(Locale.ROOT, "perturbation x%.0f", amplification)
            };
            for (int c = 0; c < 3; c++) {
                g.drawString(headers[c], PAD + c * (cellW + PAD), TITLE + CAPTION - 6);
            }
            int y = TITLE + CAPTION;
            for (AdversarialExample e : examples) {
                int[] s = imageShape(e);
                if (s[1] != shape[1] || s[2] != shape[2]) {
                    throw new IllegalArgumentException("example " + e.datasetIndex() + " has shape "
                            + java.util.Arrays.toString(e.shape()) + ", the first has "
                            + java.util.Arrays.toString(examples.get(0).shape()));
                }
                g.setColor(Color.BLACK);
                g.drawString(caption(e, classNames), PAD, y + CAPTION - 6);
                int top = y + CAPTION;
                float[] original = e.original();
                float[] adversarial = e.adversarial();
                g.setColor(Color.LIGHT_GRAY);
                for (int c = 0; c < 3; c++) {
                    g.drawRect(PAD + c * (cellW + PAD) - 1, top - 1, cellW + 1, cellH + 1);
                }
                drawImage(image, original, s, PAD, top, scale);
                drawImage(image, adversarial, s, PAD + cellW + PAD, top, scale);
                drawPerturbation(image, original, adversarial, s, PAD + 2 * (cellW + PAD), top, scale, amplification);
                y += rowHeight;
            }
        } finally {
            g.dispose();
        }
        return Png.attachment(NAME, image);
    }

    static String caption(AdversarialExample e, List<String> classNames) {
        return "#" + e.datasetIndex() + "  true: " + name(e.trueLabel(), classNames)
                + "  predicted: " + name(e.cleanPrediction(), classNames) + " -> "
                + name(e.adversarialPrediction(), classNames);
    }

    private static String name(int label, List<String> classNames) {
        return label < classNames.size() ? classNames.get(label) : String.valueOf(label);
    }

    private static int[] imageShape(AdversarialExample e) {
        int[] s = e.shape();
        if (s.length == 2) {
            return new int[] {1, s[0], s[1]};
        }
        if (s.length != 3) {
            throw new IllegalArgumentException("example " + e.datasetIndex() + " has shape "
                    + java.util.Arrays.toString(s) + "; only images [channels, height, width] can be drawn");
        }
        return s;
    }

    /** The factor that stretches the largest perturbation of the grid to full contrast. */
    static double amplification(List<AdversarialExample> examples) {
        double max = 0;
        for (AdversarialExample e : examples) {
            float[] o = e.original();
            float[] a = e.adversarial();
            for (int i = 0; i < o.length; i++) {
                max = Math.max(max, Math.abs((double) a[i] - o[i]));
            }
        }
        return max == 0 ? 1 : 1 / max;
    }

    private static void drawImage(BufferedImage image, float[] pixels, int[] shape, int x0, int y0, int scale) {
        int channels = shape[0];
        int h = shape[1];
        int w = shape[2];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int rgb;
                if (channels == 3) {
                    rgb = (byteOf(pixels[i]) << 16) | (byteOf(pixels[plane + i]) << 8) | byteOf(pixels[2 * plane + i]);
                } else {
                    int v = byteOf(pixels[i]);
                    rgb = (v << 16) | (v << 8) | v;
                }
                fill(image, x0 + x * scale, y0 + y * scale, scale, rgb);
            }
        }
    }

    private static void drawPerturbation(
            BufferedImage image,
            float[] original,
            float[] adversarial,
            int[] shape,
            int x0,
            int y0,
            int scale,
            double amplification) {
        int h = shape[1];
        int w = shape[2];
        int plane = h * w;
        int channels = shape[0] == 3 ? 3 : 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double delta = 0;
                for (int c = 0; c < channels; c++) {
                    delta += adversarial[c * plane + i] - original[c * plane + i];
                }
                double t = Math.max(-1, Math.min(1, delta / channels * amplification));
                int fade = (int) Math.round(255 * (1 - Math.abs(t)));
                int rgb = t >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
                fill(image, x0 + x * scale, y0 + y * scale, scale, rgb);
            }
        }
    }

    private static void fill(BufferedImage image, int x0, int y0, int size, int rgb) {
        for (int dy = 0; dy < size; dy++) {
            for (int dx = 0; dx < size; dx++) {
                image.setRGB(x0 + dx, y0 + dy, rgb);
            }
        }
    }

    private static int byteOf(float v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }
}
