package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.io.AtomicFiles;
import io.robustunit.io.FileDigests;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The immutable result of running one attack against one model on one dataset: clean and robust
 * accuracy (with counts and exact confidence intervals), attack success rate, per-class numbers,
 * perturbation norms, the outcome of every sample keyed by dataset index, wall time, and validity
 * findings. Every aggregate is computed from the per-sample outcomes, so reports of disjoint shards
 * {@link #merge merge} into exactly the report of the union.
 *
 * <pre>{@code
 * RobustnessReport report = RobustnessEvaluator.builder().build().evaluate(model, data, attack);
 * report.robustCount();                      // 631
 * report.robustAccuracy();                   // 0.631
 * report.robustAccuracyInterval(0.95);       // [0.600, 0.661] (95%)
 * report.writeJson(Path.of("target/robustness.json"));
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class RobustnessReport {

    /** Value of the {@code format} field of the JSON form. */
    public static final String FORMAT = "robustunit.robustness-report";

    /** Version of the JSON form this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private final String modelName;
    private final String modelSha256;
    private final String datasetName;
    private final List<String> classNames;
    private final String attackName;
    private final String attackDescription;
    private final ThreatModel threatModel;
    private final long seed;
    private final List<SampleOutcome> outcomes;
    private final List<ValidityFinding> findings;
    private final List<AdversarialExample> examples;
    private final Duration wallTime;
    private final String dataFingerprint;
    private final String numerics;
    private final Shard shard;

    private final Map<Integer, SampleOutcome> byIndex;
    private final int cleanCorrect;
    private final int robust;
    private final List<ClassAccuracy> perClass;
    private final double meanNorm;
    private final double maxNorm;

    private RobustnessReport(Builder b) {
        this.modelName = require(b.modelName, "modelName");
        this.modelSha256 = b.modelSha256 == null ? null : b.modelSha256.toLowerCase(java.util.Locale.ROOT);
        this.datasetName = require(b.datasetName, "datasetName");
        this.classNames = List.copyOf(Objects.requireNonNull(b.classNames, "classNames"));
        this.attackName = require(b.attackName, "attackName");
        this.attackDescription = require(b.attackDescription, "attackDescription");
        this.threatModel = Objects.requireNonNull(b.threatModel, "threatModel");
        this.seed = b.seed;
        this.wallTime = Objects.requireNonNull(b.wallTime, "wallTime");
        this.dataFingerprint = b.dataFingerprint;
        this.numerics = b.numerics;
        this.shard = b.shard;
        if (wallTime.isNegative()) {
            throw new IllegalArgumentException("wallTime must not be negative, was " + wallTime);
        }
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("a report needs at least 2 class names, got " + classNames);
        }
        if (b.outcomes.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one sample outcome");
        }
        List<SampleOutcome> sorted = new ArrayList<>(b.outcomes);
        sorted.sort(Comparator.comparingInt(SampleOutcome::datasetIndex));
        Map<Integer, SampleOutcome> index = new HashMap<>();
        for (SampleOutcome o : sorted) {
            if (index.put(o.datasetIndex(), o) != null) {
                throw new IllegalArgumentException(
                        "dataset index " + o.datasetIndex() + " appears twice in the outcomes");
            }
            int k = classNames.size();
            if (o.trueLabel() >= k || o.cleanPrediction() >= k || o.adversarialPrediction() >= k) {
                throw new IllegalArgumentException(
                        "sample " + o.datasetIndex() + ": label or prediction outside [0, " + k + ") (" + o + ")");
            }
        }
        if (shard != null) {
            java.util.BitSet selected = new java.util.BitSet();
            for (int i : shard.selectionIndices()) {
                selected.set(i);
            }
            for (SampleOutcome o : sorted) {
                if (!selected.get(o.datasetIndex())) {
                    throw new IllegalArgumentException(
                            "dataset index " + o.datasetIndex() + " is not in the selection of " + shard + " ("
                                    + Shard.abbreviate(shard.selection()) + ")");
                }
            }
        }
        List<ValidityFinding> sortedFindings = new ArrayList<>(b.findings);
        for (ValidityFinding f : sortedFindings) {
            if (!index.containsKey(f.datasetIndex())) {
                throw new IllegalArgumentException(
                        "finding for dataset index " + f.datasetIndex() + " which has no outcome: " + f);
            }
        }
        sortedFindings.sort(
                Comparator.comparingInt(ValidityFinding::datasetIndex).thenComparing(ValidityFinding::kind));
        List<AdversarialExample> sortedExamples = new ArrayList<>(b.examples);
        for (AdversarialExample e : sortedExamples) {
            if (!index.containsKey(e.datasetIndex())) {
                throw new IllegalArgumentException(
                        "adversarial example for dataset index " + e.datasetIndex() + " which has no outcome");
            }
        }
        sortedExamples.sort(Comparator.comparingInt(AdversarialExample::datasetIndex));
        this.outcomes = List.copyOf(sorted);
        this.findings = List.copyOf(sortedFindings);
        this.examples = List.copyOf(sortedExamples);
        this.byIndex = Collections.unmodifiableMap(index);

        int[] samples = new int[classNames.size()];
        int[] clean = new int[classNames.size()];
        int[] rob = new int[classNames.size()];
        double normSum = 0;
        double normMax = 0;
        for (SampleOutcome o : outcomes) {
            samples[o.trueLabel()]++;
            if (o.cleanCorrect()) {
                clean[o.trueLabel()]++;
            }
            if (o.robust()) {
                rob[o.trueLabel()]++;
            }
            normSum += o.perturbationNorm();
            normMax = Math.max(normMax, o.perturbationNorm());
        }
        List<ClassAccuracy> classes = new ArrayList<>();
        int cleanTotal = 0;
        int robustTotal = 0;
        for (int c = 0; c < classNames.size(); c++) {
            classes.add(new ClassAccuracy(c, classNames.get(c), samples[c], clean[c], rob[c]));
            cleanTotal += clean[c];
            robustTotal += rob[c];
        }
        this.perClass = List.copyOf(classes);
        this.cleanCorrect = cleanTotal;
        this.robust = robustTotal;
        this.meanNorm = normSum / outcomes.size();
        this.maxNorm = normMax;
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set and not blank");
        }
        return value;
    }

    /** A builder, for evaluators and for tests that need a report without running a model. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- identity ----

    /** The model's name ({@code Classifier#name()} unless the caller gave another). */
    public String modelName() {
        return modelName;
    }

    /** SHA-256 of the model file (lower-case hex) when the caller supplied it. */
    public Optional<String> modelSha256() {
        return Optional.ofNullable(modelSha256);
    }

    /**
     * A digest of the evaluated data (dataset indices, labels and pixels of the whole selection,
     * before any sharding), when the evaluator recorded one: shards merge only with equal digests.
     */
    public Optional<String> dataFingerprint() {
        return Optional.ofNullable(dataFingerprint);
    }

    /**
     * The settings besides library versions that decided the bits of the numbers, when the
     * evaluator recorded them, e.g. {@code "20-row calls, memory format auto"}: shards merge only
     * with equal settings.
     */
    public Optional<String> numerics() {
        return Optional.ofNullable(numerics);
    }

    /** Which shard of a larger evaluation this report holds; empty for a whole evaluation. */
    public Optional<Shard> shard() {
        return Optional.ofNullable(shard);
    }

    /** Name of the dataset the samples come from. */
    public String datasetName() {
        return datasetName;
    }

    /** Class names by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** The attack's short name, e.g. {@code PGD}. */
    public String attackName() {
        return attackName;
    }

    /** The attack's full description ({@code Attack#toString()}), stating every setting. */
    public String attackDescription() {
        return attackDescription;
    }

    /** The threat model the attack searched. */
    public ThreatModel threatModel() {
        return threatModel;
    }

    /** The threat model's norm. */
    public Norm norm() {
        return threatModel.norm();
    }

    /** The threat model's radius. */
    public double epsilon() {
        return threatModel.epsilon();
    }

    /** The attack's base seed. */
    public long seed() {
        return seed;
    }

    /** Wall time of the evaluation (for merged reports, the sum over the shards). */
    public Duration wallTime() {
        return wallTime;
    }

    // ---- counts and rates ----

    /** Number of samples evaluated. */
    public int sampleCount() {
        return outcomes.size();
    }

    /** Samples classified correctly when clean. */
    public int cleanCorrectCount() {
        return cleanCorrect;
    }

    /** {@code cleanCorrectCount / sampleCount}. */
    public double cleanAccuracy() {
        return (double) cleanCorrect / outcomes.size();
    }

    /** Samples that resisted the attack (verdict ROBUST). */
    public int robustCount() {
        return robust;
    }

    /** {@code robustCount / sampleCount}: the share of samples correct both clean and attacked. */
    public double robustAccuracy() {
        return (double) robust / outcomes.size();
    }

    /** Clean-correct samples the attack broke (verdict BROKEN). */
    public int brokenCount() {
        return cleanCorrect - robust;
    }

    /** Samples already wrong when clean (verdict MISCLASSIFIED_CLEAN). */
    public int misclassifiedCleanCount() {
        return outcomes.size() - cleanCorrect;
    }

    /**
     * {@code brokenCount / cleanCorrectCount}: how often the attack succeeds on samples it had to
     * break; NaN when no sample is clean-correct.
     */
    public double attackSuccessRate() {
        return cleanCorrect == 0 ? Double.NaN : (double) brokenCount() / cleanCorrect;
    }

    /** Exact (Clopper-Pearson) interval for the robust accuracy, e.g. {@code 0.95}. */
    public ConfidenceInterval robustAccuracyInterval(double confidence) {
        return new Proportion(robust, outcomes.size()).interval(confidence);
    }

    /** Exact (Clopper-Pearson) interval for the clean accuracy. */
    public ConfidenceInterval cleanAccuracyInterval(double confidence) {
        return new Proportion(cleanCorrect, outcomes.size()).interval(confidence);
    }

    /** Clean and robust accuracy of every class, by label (classes without samples included). */
    public List<ClassAccuracy> perClass() {
        return perClass;
    }

    /** Accuracy of one class. */
    public ClassAccuracy perClass(int label) {
        Objects.checkIndex(label, perClass.size());
        return perClass.get(label);
    }

    /** Mean perturbation norm over all samples, in the threat model's norm. */
    public double meanPerturbationNorm() {
        return meanNorm;
    }

    /** Largest perturbation norm over all samples, in the threat model's norm. */
    public double maxPerturbationNorm() {
        return maxNorm;
    }

    // ---- per sample ----

    /** Every sample's outcome, ordered by dataset index. */
    public List<SampleOutcome> outcomes() {
        return outcomes;
    }

    /**
     * The outcome of the sample with this dataset index.
     *
     * @throws IllegalArgumentException if the sample is not part of this report
     */
    public SampleOutcome outcome(int datasetIndex) {
        SampleOutcome o = byIndex.get(datasetIndex);
        if (o == null) {
            throw new IllegalArgumentException("dataset index " + datasetIndex + " is not part of this report ("
                    + outcomes.size() + " samples of " + datasetName + ")");
        }
        return o;
    }

    /** Outcomes with the given verdict, ordered by dataset index. */
    public List<SampleOutcome> outcomes(Verdict verdict) {
        return outcomes.stream().filter(o -> o.verdict() == verdict).toList();
    }

    /** The dataset indices of the samples in this report, ascending. */
    public int[] datasetIndices() {
        return outcomes.stream().mapToInt(SampleOutcome::datasetIndex).toArray();
    }

    // ---- validity ----

    /** Problems found while checking the adversarial examples (empty for a valid evaluation). */
    public List<ValidityFinding> validityFindings() {
        return findings;
    }

    /** Whether no validity problem was found. */
    public boolean isValid() {
        return findings.isEmpty();
    }

    /**
     * Broken samples kept with their pixels, by dataset index (see
     * {@link RobustnessEvaluator.Builder#retainExamples(int)}). In memory only: not part of the JSON
     * form, nor of {@link #equals}; {@link #merge} keeps the examples of every part.
     */
    public List<AdversarialExample> examples() {
        return examples;
    }

    // ---- merge ----

    /**
     * Merges reports of disjoint shards of one dataset evaluated with the same model, attack and
     * threat model. The result has the same numbers as one evaluation of the union (wall times add).
     * Reports that record their {@link #shard()} must be shards of one cut of one selection, each
     * given once, and together cover the selection; the merged report is then the whole evaluation
     * (no shard), equal to an unsharded run apart from the wall time.
     *
     * @throws IllegalArgumentException if the reports disagree on model, model digest, data
     *     fingerprint, dataset, classes, attack, threat model or seed, share a dataset index, mix
     *     cuts, repeat a shard, or leave samples of the selection uncovered; the message names the
     *     difference, the missing shards and the missing dataset indices
     */
    public static RobustnessReport merge(RobustnessReport first, RobustnessReport... more) {
        List<RobustnessReport> all = new ArrayList<>();
        all.add(Objects.requireNonNull(first, "first"));
        all.addAll(List.of(more));
        return merge(all);
    }

    /** Like {@link #merge(RobustnessReport, RobustnessReport...)} for a list of at least one. */
    public static RobustnessReport merge(List<RobustnessReport> reports) {
        return ReportMerger.merge(reports, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #merge(List)}, keeping only the {@code retainExamples} retained examples with the
     * lowest dataset indices: the examples one evaluation of the union with
     * {@code RobustnessEvaluator.Builder#retainExamples(retainExamples)} keeps.
     */
    public static RobustnessReport merge(List<RobustnessReport> reports, int retainExamples) {
        if (retainExamples < 0) {
            throw new IllegalArgumentException("retainExamples must be >= 0, was " + retainExamples);
        }
        return ReportMerger.merge(reports, retainExamples);
    }

    /**
     * Like {@link #merge(List)}, naming the reports (e.g. by file) in error messages.
     *
     * @param names one name per report
     */
    public static RobustnessReport merge(List<RobustnessReport> reports, List<String> names) {
        if (names != null && reports != null && names.size() != reports.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + reports.size() + " reports");
        }
        return ReportMerger.merge(reports, names, Integer.MAX_VALUE);
    }

    // ---- text and JSON ----

    /** A readable multi-line summary: accuracies with counts and CI, success rate, per-class table. */
    public String summary() {
        return ReportText.summary(this);
    }

    /** This report as pretty-printed JSON (format {@value #FORMAT}, version {@value #FORMAT_VERSION}). */
    public String toJson() {
        return ReportJson.toJson(this);
    }

    /**
     * Reads a report written by {@link #toJson()}.
     *
     * @throws ReportFormatException naming what is wrong: not JSON, wrong format or version, a
     *     missing or invalid field, or counts that contradict the outcomes
     */
    public static RobustnessReport fromJson(String json) {
        return ReportJson.fromJson(json, "robustness report JSON");
    }

    /** Writes {@link #toJson()} to {@code file} atomically (temp file + rename). */
    public void writeJson(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Reads a report file.
     *
     * @throws IOException if the file cannot be read
     * @throws ReportFormatException naming the file and what is wrong with it
     */
    public static RobustnessReport readJson(Path file) throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        return ReportJson.fromJson(json, file.toString());
    }

    /** Whether {@code other} carries the same identity (model, dataset, attack, threat model, seed). */
    boolean sameEvaluationAs(RobustnessReport other) {
        return describeDifference(other) == null;
    }

    /** The first identity field on which the two reports differ, or null. */
    String describeDifference(RobustnessReport o) {
        if (!modelName.equals(o.modelName)) {
            return "model '" + modelName + "' vs '" + o.modelName + "'";
        }
        if (!Objects.equals(modelSha256, o.modelSha256)) {
            return "model sha256 " + modelSha256 + " vs " + o.modelSha256;
        }
        if (!datasetName.equals(o.datasetName)) {
            return "dataset '" + datasetName + "' vs '" + o.datasetName + "'";
        }
        if (!classNames.equals(o.classNames)) {
            return "class names " + classNames + " vs " + o.classNames;
        }
        if (!threatModel.equals(o.threatModel)) {
            return "threat model " + threatModel + " vs " + o.threatModel;
        }
        if (!attackDescription.equals(o.attackDescription) || !attackName.equals(o.attackName)) {
            return "attack '" + attackDescription + "' vs '" + o.attackDescription + "'";
        }
        if (seed != o.seed) {
            return "seed " + seed + " vs " + o.seed;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RobustnessReport r
                && describeDifference(r) == null
                && seed == r.seed
                && outcomes.equals(r.outcomes)
                && findings.equals(r.findings)
                && wallTime.equals(r.wallTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelName, datasetName, attackDescription, threatModel, seed, outcomes);
    }

    /** For example {@code PGD(...) on model.pt, Fashion-MNIST test: robust 631/1000 (0.631), clean 905/1000}. */
    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "%s on %s, %s: robust %d/%d (%.3f), clean %d/%d (%.3f)%s",
                attackDescription,
                modelName,
                datasetName,
                robust,
                outcomes.size(),
                robustAccuracy(),
                cleanCorrect,
                outcomes.size(),
                cleanAccuracy(),
                findings.isEmpty() ? "" : ", " + findings.size() + " validity findings");
    }

    /** Builds a {@link RobustnessReport}; every aggregate is derived from the outcomes. */
    public static final class Builder {

        private String modelName;
        private String modelSha256;
        private String datasetName;
        private List<String> classNames;
        private String attackName;
        private String attackDescription;
        private ThreatModel threatModel;
        private long seed;
        private final List<SampleOutcome> outcomes = new ArrayList<>();
        private final List<ValidityFinding> findings = new ArrayList<>();
        private final List<AdversarialExample> examples = new ArrayList<>();
        private Duration wallTime = Duration.ZERO;
        private String dataFingerprint;
        private String numerics;
        private Shard shard;

        private Builder() {}

        /** Optional: a digest of the whole evaluated selection (see {@link RobustnessReport#dataFingerprint()}). */
        public Builder dataFingerprint(String fingerprint) {
            if (fingerprint != null && (fingerprint.length() < 12 || fingerprint.isBlank())) {
                throw new IllegalArgumentException(
                        "dataFingerprint must be a digest of at least 12 characters, was '" + fingerprint + "'");
            }
            this.dataFingerprint = fingerprint;
            return this;
        }

        /** Optional: the numeric settings it was computed with (see {@link RobustnessReport#numerics()}). */
        public Builder numerics(String settings) {
            if (settings != null && settings.isBlank()) {
                throw new IllegalArgumentException("numerics must not be blank");
            }
            this.numerics = settings;
            return this;
        }

        /** Optional: the shard of a larger evaluation this report holds (null for a whole one). */
        public Builder shard(Shard shard) {
            this.shard = shard;
            return this;
        }

        /** Required: the model's name. */
        public Builder modelName(String name) {
            this.modelName = name;
            return this;
        }

        /** Optional: SHA-256 of the model file, 64 hex digits (null for unknown). */
        public Builder modelSha256(String sha256) {
            if (sha256 != null && !FileDigests.isSha256(sha256)) {
                throw new IllegalArgumentException("modelSha256 must be 64 hex digits, was '" + sha256 + "'");
            }
            this.modelSha256 = sha256;
            return this;
        }

        /** Required: the dataset's name and class names by label. */
        public Builder dataset(String name, List<String> classNames) {
            this.datasetName = name;
            this.classNames = classNames;
            return this;
        }

        /** Required: the attack's short name, full description, threat model and seed. */
        public Builder attack(String name, String description, ThreatModel threatModel, long seed) {
            this.attackName = name;
            this.attackDescription = description;
            this.threatModel = threatModel;
            this.seed = seed;
            return this;
        }

        /** Adds one sample's outcome. */
        public Builder outcome(SampleOutcome outcome) {
            outcomes.add(Objects.requireNonNull(outcome, "outcome"));
            return this;
        }

        /** Adds sample outcomes (at least one is required in total). */
        public Builder outcomes(Collection<SampleOutcome> more) {
            more.forEach(this::outcome);
            return this;
        }

        /** Adds a validity finding. */
        public Builder finding(ValidityFinding finding) {
            findings.add(Objects.requireNonNull(finding, "finding"));
            return this;
        }

        /** Adds validity findings. */
        public Builder findings(Collection<ValidityFinding> more) {
            more.forEach(this::finding);
            return this;
        }

        /** Adds retained adversarial examples (each must belong to a sample with an outcome). */
        public Builder examples(Collection<AdversarialExample> more) {
            more.forEach(e -> examples.add(Objects.requireNonNull(e, "example")));
            return this;
        }

        /** The evaluation's wall time (default zero). */
        public Builder wallTime(Duration wallTime) {
            this.wallTime = wallTime;
            return this;
        }

        /**
         * Builds the report.
         *
         * @throws IllegalArgumentException if a required field is missing, no outcome was added, a
         *     dataset index repeats, a label is outside the classes, or a finding names an unknown
         *     sample
         */
        public RobustnessReport build() {
            return new RobustnessReport(this);
        }
    }
}
