package io.robustunit.eval;

import java.util.Locale;

/** The readable summary of a report; see {@link RobustnessReport#summary()}. */
final class ReportText {

    private ReportText() {}

    static String summary(RobustnessReport r) {
        StringBuilder s = new StringBuilder();
        line(
                s,
                "Model",
                r.modelName()
                        + r.modelSha256()
                                .map(h -> " (sha256 " + h.substring(0, 12) + "…)")
                                .orElse(""));
        line(s, "Data", r.datasetName() + ", " + r.sampleCount() + " samples");
        line(s, "Attack", r.attackDescription());
        line(s, "Threat model", r.threatModel().toString());
        line(s, "Seed", Long.toString(r.seed()));
        line(
                s,
                "Clean accuracy",
                ratio(r.cleanCorrectCount(), r.sampleCount()) + "  95% CI "
                        + r.cleanAccuracyInterval(0.95).toString().replace(" (95%)", ""));
        line(
                s,
                "Robust accuracy",
                ratio(r.robustCount(), r.sampleCount()) + "  95% CI "
                        + r.robustAccuracyInterval(0.95).toString().replace(" (95%)", ""));
        line(
                s,
                "Attack success",
                Double.isNaN(r.attackSuccessRate())
                        ? "n/a (no clean-correct sample)"
                        : ratio(r.brokenCount(), r.cleanCorrectCount()) + " of clean-correct samples");
        line(
                s,
                "Perturbation",
                String.format(
                        Locale.ROOT,
                        "mean %.4f, max %.4f (%s)",
                        r.meanPerturbationNorm(),
                        r.maxPerturbationNorm(),
                        r.norm()));
        line(s, "Wall time", formatDuration(r.wallTime()));
        line(
                s,
                "Bounds",
                r.isValid()
                        ? "ok (every adversarial example inside the ball and range)"
                        : r.validityFindings().size() + " findings — the evaluation is INVALID");
        for (int i = 0; i < Math.min(5, r.validityFindings().size()); i++) {
            s.append("    ").append(r.validityFindings().get(i)).append('\n');
        }
        int width = Math.max(
                5, r.classNames().stream().mapToInt(String::length).max().orElse(5));
        s.append('\n')
                .append(String.format(
                        Locale.ROOT, "  %-" + width + "s  %7s  %-17s  %-17s%n", "Class", "Samples", "Clean", "Robust"));
        for (ClassAccuracy c : r.perClass()) {
            s.append(String.format(
                    Locale.ROOT,
                    "  %-" + width + "s  %7d  %-17s  %-17s%n",
                    c.className(),
                    c.samples(),
                    ratio(c.cleanCorrect(), c.samples()),
                    ratio(c.robust(), c.samples())));
        }
        return s.toString();
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(String.format(Locale.ROOT, "%-16s %s%n", key + ":", value));
    }

    /** For example {@code 0.631 (631/1000)}. */
    static String ratio(int part, int whole) {
        if (whole == 0) {
            return "- (0/0)";
        }
        return String.format(Locale.ROOT, "%.3f (%d/%d)", (double) part / whole, part, whole);
    }

    /** For example {@code 1m 02.5s} or {@code 850 ms}. */
    static String formatDuration(java.time.Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        long minutes = millis / 60_000;
        double seconds = (millis % 60_000) / 1000.0;
        return minutes == 0
                ? String.format(Locale.ROOT, "%.1f s", seconds)
                : String.format(Locale.ROOT, "%dm %04.1fs", minutes, seconds);
    }
}
