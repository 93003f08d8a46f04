package io.robustunit.allure.render;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.ClassAccuracy;
import io.robustunit.eval.RobustnessReport;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Clean and robust accuracy of every class as CSV (Allure shows it as a table) and as an HTML
 * table with the weakest class marked.
 *
 * <pre>{@code
 * label,class,samples,clean correct,clean accuracy,robust,robust accuracy
 * 0,T-shirt/top,107,92,0.860,61,0.570
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class PerClassTable {

    /** Name of the CSV attachment. */
    public static final String CSV_NAME = "per-class accuracy (CSV)";

    /** Name of the HTML attachment. */
    public static final String HTML_NAME = "per-class accuracy";

    private static final String HEADER = "label,class,samples,clean correct,clean accuracy,robust,robust accuracy";

    /** The table as CSV (RFC 4180 quoting, {@code \n} line ends, empty accuracy for empty classes). */
    public RenderedAttachment csv(RobustnessReport report) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (ClassAccuracy c : report.perClass()) {
            csv.append(c.label())
                    .append(',')
                    .append(csvField(c.className()))
                    .append(',')
                    .append(c.samples())
                    .append(',')
                    .append(c.cleanCorrect())
                    .append(',')
                    .append(rate(c.cleanAccuracy(), ""))
                    .append(',')
                    .append(c.robust())
                    .append(',')
                    .append(rate(c.robustAccuracy(), ""))
                    .append('\n');
        }
        return RenderedAttachment.text(CSV_NAME, "text/csv", "csv", csv.toString());
    }

    /** The table as a standalone HTML page; the class with the lowest robust accuracy is marked. */
    public RenderedAttachment html(RobustnessReport report) {
        int weakest = -1;
        for (ClassAccuracy c : report.perClass()) {
            if (c.samples() > 0
                    && (weakest < 0
                            || c.robustAccuracy() < report.perClass(weakest).robustAccuracy())) {
                weakest = c.label();
            }
        }
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><style>
                body{font-family:sans-serif;font-size:13px}
                table{border-collapse:collapse}
                th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
                td.name,th.name{text-align:left}
                tr.weakest{background:#fde2e2}
                </style></head><body>
                """);
        html.append("<p>")
                .append(escape(report.attackDescription()))
                .append(" on ")
                .append(escape(report.modelName()))
                .append(", ")
                .append(escape(report.datasetName()))
                .append(": robust ")
                .append(report.robustCount())
                .append('/')
                .append(report.sampleCount())
                .append(", clean ")
                .append(report.cleanCorrectCount())
                .append('/')
                .append(report.sampleCount())
                .append("</p>\n")
                .append("<table>\n<tr><th>label</th><th class=\"name\">class</th><th>samples</th>"
                        + "<th>clean</th><th>clean accuracy</th><th>robust</th>"
                        + "<th>robust accuracy</th></tr>\n");
        for (ClassAccuracy c : report.perClass()) {
            html.append(c.label() == weakest ? "<tr class=\"weakest\">" : "<tr>")
                    .append("<td>")
                    .append(c.label())
                    .append("</td>")
                    .append("<td class=\"name\">")
                    .append(escape(c.className()))
                    .append("</td>")
                    .append("<td>")
                    .append(c.samples())
                    .append("</td>")
                    .append("<td>")
                    .append(c.cleanCorrect())
                    .append("</td>")
                    .append("<td>")
                    .append(rate(c.cleanAccuracy(), "n/a"))
                    .append("</td>")
                    .append("<td>")
                    .append(c.robust())
                    .append("</td>")
                    .append("<td>")
                    .append(rate(c.robustAccuracy(), "n/a"))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        return RenderedAttachment.text(HTML_NAME, "text/html", "html", html.toString());
    }

    private static String rate(double value, String none) {
        return Double.isNaN(value) ? none : String.format(Locale.ROOT, "%.3f", value);
    }

    static String csvField(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
