package io.robustunit.eval;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Merges reports of disjoint shards; see {@link RobustnessReport#merge(List)}. */
final class ReportMerger {

    private ReportMerger() {}

    static RobustnessReport merge(List<RobustnessReport> reports, int retainExamples) {
        if (reports == null || reports.isEmpty()) {
            throw new IllegalArgumentException("merge needs at least one report");
        }
        RobustnessReport first = reports.get(0);
        Map<Integer, Integer> owner = new HashMap<>();
        Duration wallTime = Duration.ZERO;
        List<AdversarialExample> examples = new java.util.ArrayList<>();
        RobustnessReport.Builder merged = RobustnessReport.builder()
                .modelName(first.modelName())
                .modelSha256(first.modelSha256().orElse(null))
                .dataset(first.datasetName(), first.classNames())
                .attack(first.attackName(), first.attackDescription(), first.threatModel(),
                        first.seed());
        for (int r = 0; r < reports.size(); r++) {
            RobustnessReport report = reports.get(r);
            String difference = first.describeDifference(report);
            if (difference != null) {
                throw new IllegalArgumentException(
                        "cannot merge report " + r + " into report 0: they are different"
                                + " evaluations (" + difference + "); only shards of the same"
                                + " model, dataset, attack, threat model and seed can be merged");
            }
            for (SampleOutcome o : report.outcomes()) {
                Integer previous = owner.putIfAbsent(o.datasetIndex(), r);
                if (previous != null) {
                    throw new IllegalArgumentException(
                            "cannot merge: dataset index " + o.datasetIndex() + " is in report "
                                    + previous + " and in report " + r
                                    + "; merged reports must come from disjoint shards"
                                    + " (LabeledImages.shard(i, k))");
                }
            }
            merged.outcomes(report.outcomes()).findings(report.validityFindings());
            examples.addAll(report.examples());
            wallTime = wallTime.plus(report.wallTime());
        }
        examples.sort(java.util.Comparator.comparingInt(AdversarialExample::datasetIndex));
        merged.examples(examples.subList(0, Math.min(retainExamples, examples.size())));
        return merged.wallTime(wallTime).build();
    }
}
