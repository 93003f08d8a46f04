package io.robustunit.allure.render;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.eval.RobustnessCurve;
import io.robustunit.eval.RobustnessReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Draws a robustness curve as a PNG: clean and robust accuracy against epsilon, each with its
 * Clopper-Pearson confidence band, and the gate's threshold as a horizontal line.
 *
 * <pre>{@code
 * RenderedAttachment png = new RobustnessCurveChart().render(curve, OptionalDouble.of(0.7));
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class RobustnessCurveChart {

    /** The attachment's name. */
    public static final String NAME = "robustness curve";

    private static final Color ROBUST = new Color(0xC0392B);
    private static final Color CLEAN = new Color(0x2471A3);
    private static final Color THRESHOLD = new Color(0x1E8449);

    private final int width;
    private final int height;
    private final double confidence;

    /** 800 x 500 pixels, 95% bands. */
    public RobustnessCurveChart() {
        this(800, 500, 0.95);
    }

    /**
     * A chart of the given size in pixels with bands of the given confidence.
     *
     * @throws IllegalArgumentException if a size is below 100 pixels or the confidence is outside (0, 1)
     */
    public RobustnessCurveChart(int width, int height, double confidence) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException(
                    "chart size must be at least 100 x 100 pixels, was " + width + " x " + height);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        this.width = width;
        this.height = height;
        this.confidence = confidence;
    }

    /** Renders the curve, with the threshold line when one is given. */
    public RenderedAttachment render(RobustnessCurve curve, OptionalDouble threshold) {
        String percent = String.format(Locale.ROOT, "%.0f%%", confidence * 100);
        YIntervalSeries robust = new YIntervalSeries("robust accuracy (" + percent + " band)");
        YIntervalSeries clean = new YIntervalSeries("clean accuracy (" + percent + " band)");
        for (RobustnessReport r : curve.reports()) {
            ConfidenceInterval ri = r.robustAccuracyInterval(confidence);
            ConfidenceInterval ci = r.cleanAccuracyInterval(confidence);
            robust.add(r.epsilon(), r.robustAccuracy(), ri.lower(), ri.upper());
            clean.add(r.epsilon(), r.cleanAccuracy(), ci.lower(), ci.upper());
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(robust);
        data.addSeries(clean);

        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.2f);
        renderer.setSeriesPaint(0, ROBUST);
        renderer.setSeriesFillPaint(0, ROBUST);
        renderer.setSeriesPaint(1, CLEAN);
        renderer.setSeriesFillPaint(1, CLEAN);
        for (int s = 0; s < 2; s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        RobustnessReport first = curve.reports().get(0);
        NumberAxis epsilon = new NumberAxis("epsilon (" + first.norm() + ")");
        epsilon.setAutoRangeIncludesZero(true);
        NumberAxis accuracy = new NumberAxis("accuracy");
        accuracy.setRange(0.0, 1.05);
        XYPlot plot = new XYPlot(data, epsilon, accuracy, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        threshold.ifPresent(t -> plot.addRangeMarker(thresholdLine(t)));

        JFreeChart chart = new JFreeChart(
                first.attackName() + " on " + first.modelName() + " (" + first.sampleCount() + " samples of "
                        + first.datasetName() + ")",
                new Font(Font.SANS_SERIF, Font.BOLD, 14),
                plot,
                true);
        chart.setBackgroundPaint(Color.WHITE);
        return Png.attachment(NAME, chart.createBufferedImage(width, height));
    }

    private static ValueMarker thresholdLine(double threshold) {
        ValueMarker marker = new ValueMarker(
                threshold,
                THRESHOLD,
                new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
        marker.setLabel(String.format(Locale.ROOT, "threshold %.3f", threshold));
        marker.setLabelPaint(THRESHOLD);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        return marker;
    }
}
