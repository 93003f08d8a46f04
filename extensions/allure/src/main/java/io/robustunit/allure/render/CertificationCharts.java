package io.robustunit.allure.render;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.certify.Certificate;
import io.robustunit.certify.CertificationCurve;
import io.robustunit.certify.CertificationReport;
import io.robustunit.eval.ConfidenceInterval;
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
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The two pictures of a randomized-smoothing certification: certified accuracy against L2 radius
 * (with its 95% Clopper-Pearson band over the images, the threshold and the radius bound that
 * {@code n} allows), and a histogram of the certified radii of correctly certified images.
 *
 * <pre>{@code
 * RenderedAttachment curve = new CertificationCharts().curve(report, OptionalDouble.of(0.6));
 * RenderedAttachment histogram = new CertificationCharts().radiusHistogram(report);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class CertificationCharts {

    /** The curve attachment's name. */
    public static final String CURVE_NAME = "certified accuracy curve";

    /** The histogram attachment's name. */
    public static final String HISTOGRAM_NAME = "certified radius histogram";

    private static final Color CERTIFIED = new Color(0x7D3C98);
    private static final Color THRESHOLD = new Color(0x1E8449);
    private static final Color BOUND = new Color(0x7F8C8D);
    private static final int BINS = 20;

    private final int width = 800;
    private final int height = 500;

    /** Certified accuracy at 81 radii from 0 to the radius bound (or the largest radius). */
    public RenderedAttachment curve(CertificationReport report, OptionalDouble threshold) {
        double top = Math.max(report.radiusBound(), report.maxCertifiedRadius());
        top = top > 0 ? top : 1;
        double[] radii = new double[81];
        for (int i = 0; i < radii.length; i++) {
            radii[i] = top * i / (radii.length - 1);
        }
        CertificationCurve curve = report.curve(radii);
        YIntervalSeries series = new YIntervalSeries("certified accuracy (95% band)");
        for (CertificationCurve.Point p : curve.points()) {
            ConfidenceInterval ci = report.certifiedAccuracyInterval(p.radius(), 0.95);
            series.add(p.radius(), p.accuracy(), ci.lower(), ci.upper());
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(series);
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.2f);
        renderer.setSeriesPaint(0, CERTIFIED);
        renderer.setSeriesFillPaint(0, CERTIFIED);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        NumberAxis radius = new NumberAxis("L2 radius");
        radius.setAutoRangeIncludesZero(true);
        NumberAxis accuracy = new NumberAxis("certified accuracy");
        accuracy.setRange(0.0, 1.05);
        XYPlot plot = new XYPlot(data, radius, accuracy, renderer);
        style(plot);
        threshold.ifPresent(
                t -> plot.addRangeMarker(marker(t, THRESHOLD, String.format(Locale.ROOT, "threshold %.3f", t))));
        plot.addDomainMarker(marker(
                report.radiusBound(),
                BOUND,
                String.format(
                        Locale.ROOT, "bound of n=%d: %.3f", report.settings().n(), report.radiusBound())));
        return Png.attachment(CURVE_NAME, chart(title(report), plot).createBufferedImage(width, height));
    }

    /** How many correctly certified images reach each radius bin; abstentions and wrong classes in the title. */
    public RenderedAttachment radiusHistogram(CertificationReport report) {
        double top = Math.max(report.radiusBound(), report.maxCertifiedRadius());
        top = top > 0 ? top : 1;
        double bin = top / BINS;
        int[] counts = new int[BINS];
        for (Certificate c : report.certificates()) {
            if (c.correct()) {
                counts[Math.min(BINS - 1, (int) (c.radius() / bin))]++;
            }
        }
        XYSeries series = new XYSeries("correctly certified images");
        for (int b = 0; b < BINS; b++) {
            series.add(b * bin + bin / 2, counts[b]);
        }
        XYSeriesCollection data = new XYSeriesCollection(series);
        data.setIntervalWidth(bin * 0.95);
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, CERTIFIED);
        NumberAxis radius = new NumberAxis("certified L2 radius");
        radius.setRange(0, top);
        NumberAxis images = new NumberAxis("images");
        images.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, radius, images, renderer);
        style(plot);
        String title = String.format(
                Locale.ROOT,
                "%s: %d abstained, %d certified wrong, of %d",
                title(report),
                report.abstentionCount(),
                report.certifiedWrongCount(),
                report.sampleCount());
        return Png.attachment(HISTOGRAM_NAME, chart(title, plot).createBufferedImage(width, height));
    }

    private static String title(CertificationReport r) {
        return r.modelName() + " smoothed, sigma " + trim(r.settings().sigma()) + " (" + r.sampleCount() + " images of "
                + r.datasetName() + ")";
    }

    private static String trim(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static ValueMarker marker(double value, Color color, String label) {
        ValueMarker marker = new ValueMarker(
                value,
                color,
                new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
        marker.setLabel(label);
        marker.setLabelPaint(color);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        return marker;
    }
}
