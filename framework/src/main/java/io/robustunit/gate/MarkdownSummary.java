package io.robustunit.gate;

import java.util.List;
import java.util.Locale;

/** Renders the CI summary table of {@link MarkdownSummaryListener}: pure text, no files. */
final class MarkdownSummary {

    /** One published gate and the path of its JSON file relative to the summary. */
    record Entry(GateOutcome outcome, String jsonPath) {}

    private static final int SHORT_HASH = 12;

    private MarkdownSummary() {}

    static String render(List<Entry> entries) {
        long passed = entries.stream()
                .filter(e -> e.outcome().status() == GateStatus.PASS)
                .count();
        long failed = entries.stream()
                .filter(e -> e.outcome().status() == GateStatus.FAIL)
                .count();
        long invalid = entries.size() - passed - failed;
        StringBuilder md = new StringBuilder("# Robustness gates\n\n")
                .append(String.format(
                                Locale.ROOT,
                                "%d %s: %d passed, %d failed, %d invalid.%n%n",
                                entries.size(),
                                entries.size() == 1 ? "gate" : "gates",
                                passed,
                                failed,
                                invalid)
                        .replace(System.lineSeparator(), "\n"))
                .append("| # | Result | Test | Model | Attack | Gate | Measured | Threshold"
                        + " | Confidence interval | Report |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < entries.size(); i++) {
            GateOutcome o = entries.get(i).outcome();
            md.append("| ")
                    .append(i + 1)
                    .append(" | ")
                    .append(result(o.status()))
                    .append(" | ")
                    .append(cell(o.testName().orElse("")))
                    .append(" | ")
                    .append(cell(model(o)))
                    .append(" | ")
                    .append(cell(o.attackDescription().orElse("")))
                    .append(" | ")
                    .append(cell(o.description()))
                    .append(" | ")
                    .append(cell(o.measuredText()))
                    .append(" | ")
                    .append(cell(o.thresholdText()))
                    .append(" | ")
                    .append(cell(o.confidenceInterval().map(Object::toString).orElse("")))
                    .append(" | [json](")
                    .append(entries.get(i).jsonPath())
                    .append(")")
                    .append(" |\n");
        }
        boolean header = false;
        for (int i = 0; i < entries.size(); i++) {
            GateOutcome o = entries.get(i).outcome();
            if (o.passed() || o.message().isEmpty()) {
                continue;
            }
            if (!header) {
                md.append("\n## Failed and invalid gates\n");
                header = true;
            }
            md.append("\n### ")
                    .append(i + 1)
                    .append(". ")
                    .append(o.status())
                    .append(": ")
                    .append(o.testName().map(t -> t + ", ").orElse(""))
                    .append(o.description())
                    .append("\n\n```\n")
                    .append(o.message().get().replace("```", "'''"))
                    .append("\n```\n");
        }
        return md.toString();
    }

    static String result(GateStatus status) {
        return switch (status) {
            case PASS -> "✅ pass";
            case FAIL -> "❌ fail";
            case INVALID -> "⚠️ invalid";
        };
    }

    private static String model(GateOutcome o) {
        String name = o.modelName().orElse("");
        return o.modelSha256()
                .map(sha -> (name + " (sha256 " + sha.substring(0, SHORT_HASH) + "…)").trim())
                .orElse(name);
    }

    /** Table-safe text: one line, pipes escaped. */
    static String cell(String text) {
        return text.replace("\\", "\\\\")
                .replace("|", "\\|")
                .replaceAll("\\s*\\R\\s*", " ")
                .trim();
    }
}
