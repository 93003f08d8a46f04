package io.robustunit.eval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Merges reports of disjoint shards; see {@link RobustnessReport#merge(List)}. */
final class ReportMerger {

    private ReportMerger() {}

    static RobustnessReport merge(List<RobustnessReport> reports, int retainExamples) {
        return merge(reports, null, retainExamples);
    }

    /**
     * @param names how to call each report in messages (file names), or null for "report i"
     */
    static RobustnessReport merge(List<RobustnessReport> reports, List<String> names, int retainExamples) {
        if (reports == null || reports.isEmpty()) {
            throw new IllegalArgumentException("merge needs at least one report");
        }
        RobustnessReport first = reports.get(0);
        Map<Integer, Integer> owner = new HashMap<>();
        Duration wallTime = Duration.ZERO;
        List<AdversarialExample> examples = new ArrayList<>();
        String fingerprint = null;
        RobustnessReport.Builder merged = RobustnessReport.builder()
                .modelName(first.modelName())
                .modelSha256(first.modelSha256().orElse(null))
                .dataset(first.datasetName(), first.classNames())
                .attack(first.attackName(), first.attackDescription(), first.threatModel(), first.seed());
        for (int r = 0; r < reports.size(); r++) {
            RobustnessReport report = reports.get(r);
            String difference = first.describeDifference(report);
            if (difference != null) {
                throw new IllegalArgumentException(
                        "cannot merge " + name(names, r) + " with " + name(names, 0) + ": they are"
                                + " different evaluations (" + difference + "); only shards of the same"
                                + " model, data, attack, threat model and seed can be merged");
            }
        }
        String numerics = checkNumerics(reports, names);
        Shard cut = checkCut(reports, names);
        if (cut != null) {
            fingerprint = checkFingerprints(reports, names);
        }
        for (int r = 0; r < reports.size(); r++) {
            RobustnessReport report = reports.get(r);
            for (SampleOutcome o : report.outcomes()) {
                Integer previous = owner.putIfAbsent(o.datasetIndex(), r);
                if (previous != null) {
                    throw new IllegalArgumentException("cannot merge: dataset index " + o.datasetIndex() + " is in "
                            + name(names, previous) + " and in " + name(names, r)
                            + "; merged reports must come from disjoint shards"
                            + " (the same --shard given twice, or shards of different cuts?)");
                }
            }
            merged.outcomes(report.outcomes()).findings(report.validityFindings());
            examples.addAll(report.examples());
            wallTime = wallTime.plus(report.wallTime());
        }
        if (cut != null) {
            checkCoverage(cut, reports, owner);
        }
        examples.sort(Comparator.comparingInt(AdversarialExample::datasetIndex));
        merged.examples(examples.subList(0, Math.min(retainExamples, examples.size())));
        return merged.dataFingerprint(fingerprint)
                .numerics(numerics)
                .wallTime(wallTime)
                .build();
    }

    /**
     * Reports computed with different numeric settings (forward-call rows, memory layout) can differ
     * in a sample's outcome: they do not merge. Returns the common settings, or null if a report
     * does not record them.
     */
    private static String checkNumerics(List<RobustnessReport> reports, List<String> names) {
        String seen = null;
        int seenAt = -1;
        boolean allRecorded = true;
        for (int r = 0; r < reports.size(); r++) {
            String n = reports.get(r).numerics().orElse(null);
            if (n == null) {
                allRecorded = false;
            } else if (seen == null) {
                seen = n;
                seenAt = r;
            } else if (!n.equals(seen)) {
                throw new IllegalArgumentException("cannot merge " + name(names, r) + " with " + name(names, seenAt)
                        + ": they were computed with different numeric settings ('" + n + "' vs '" + seen
                        + "'); run every shard with the same -Drobustunit.forwardRows and"
                        + " -Drobustunit.memoryFormat (defaults: 20 and auto)");
            }
        }
        return allRecorded ? seen : null;
    }

    /**
     * Shards record the fingerprint of the whole selection: all must have the same. (Reports of
     * parts evaluated as wholes fingerprint only their part; their merge records none.)
     */
    private static String checkFingerprints(List<RobustnessReport> reports, List<String> names) {
        String first = reports.get(0).dataFingerprint().orElse(null);
        for (int r = 0; r < reports.size(); r++) {
            String f = reports.get(r).dataFingerprint().orElse(null);
            if (!java.util.Objects.equals(first, f)) {
                throw new IllegalArgumentException(
                        "cannot merge " + name(names, r) + " with " + name(names, 0) + ": they are"
                                + " shards of different data (data fingerprint " + brief(f) + " vs "
                                + brief(first) + "; the same dataset name, but other images, labels"
                                + " or selection); evaluate every shard on the same data with the"
                                + " same --limit/--stratified/--seed");
            }
        }
        return first;
    }

    private static String brief(String fingerprint) {
        return fingerprint == null ? "none" : fingerprint.substring(0, 12) + "...";
    }

    /** Shards must all be of one cut of one selection, each given once; returns the cut or null. */
    private static Shard checkCut(List<RobustnessReport> reports, List<String> names) {
        Shard firstShard = null;
        int firstWith = -1;
        Map<Integer, Integer> byShard = new HashMap<>();
        for (int r = 0; r < reports.size(); r++) {
            Shard shard = reports.get(r).shard().orElse(null);
            if (shard == null) {
                if (firstShard != null) {
                    throw new IllegalArgumentException("cannot merge " + name(names, r)
                            + ", a whole evaluation, with " + name(names, firstWith) + ", "
                            + firstShard + "; merge only the shard reports");
                }
                continue;
            }
            if (firstShard == null) {
                if (r > 0) {
                    throw new IllegalArgumentException("cannot merge " + name(names, r) + ", "
                            + shard + ", with " + name(names, 0) + ", a whole evaluation;"
                            + " merge only the shard reports");
                }
                firstShard = shard;
                firstWith = r;
            } else if (shard.count() != firstShard.count()) {
                throw new IllegalArgumentException("cannot merge " + name(names, r) + " (" + shard
                        + ") with " + name(names, firstWith) + " (" + firstShard + "): the shards"
                        + " come from cuts into " + shard.count() + " and " + firstShard.count()
                        + " parts; evaluate every shard with the same --shard i/" + firstShard.count());
            } else if (!shard.selection().equals(firstShard.selection())) {
                throw new IllegalArgumentException("cannot merge " + name(names, r) + " (" + shard
                        + ") with " + name(names, firstWith) + " (" + firstShard + "): they cut"
                        + " different selections of the dataset (" + Shard.abbreviate(shard.selection())
                        + " vs " + Shard.abbreviate(firstShard.selection()) + "); use the same"
                        + " --limit/--stratified/--seed for every shard");
            }
            Integer twice = byShard.putIfAbsent(shard.index(), r);
            if (twice != null) {
                throw new IllegalArgumentException("cannot merge: " + shard + " is given twice (" + name(names, twice)
                        + " and " + name(names, r) + ")");
            }
        }
        return firstShard;
    }

    /** The shards must cover the selection; the message names the missing shards and indices. */
    private static void checkCoverage(Shard firstShard, List<RobustnessReport> reports, Map<Integer, Integer> owner) {
        java.util.Set<Integer> byShard = new java.util.HashSet<>();
        for (RobustnessReport r : reports) {
            byShard.add(r.shard().orElseThrow().index());
        }
        int[] selection = firstShard.selectionIndices();
        BitSet selected = new BitSet();
        List<Integer> missing = new ArrayList<>();
        for (int i : selection) {
            selected.set(i);
            if (!owner.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            TreeSet<Integer> absentShards = new TreeSet<>();
            for (int s = 0; s < firstShard.count(); s++) {
                if (!byShard.contains(s)) {
                    absentShards.add(s);
                }
            }
            StringBuilder shards = new StringBuilder();
            for (int s : absentShards) {
                shards.append(shards.length() == 0 ? "" : ", ")
                        .append(s)
                        .append('/')
                        .append(firstShard.count());
            }
            String ranges =
                    Shard.ranges(missing.stream().mapToInt(Integer::intValue).toArray());
            throw new IllegalArgumentException("cannot merge: the shards do not cover the evaluation: " + missing.size()
                    + " of "
                    + selection.length + " samples are missing (dataset indices "
                    + Shard.abbreviate(ranges) + ")"
                    + (absentShards.isEmpty()
                            ? ""
                            : "; missing shards: " + shards + " (run robustunit evaluate ... --shard i/k for each)"));
        }
    }

    private static String name(List<String> names, int r) {
        return names == null ? "report " + r : names.get(r);
    }
}
