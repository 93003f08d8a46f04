package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.eval.Proportion;
import io.robustunit.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The certificates of one randomized-smoothing certification, keyed by dataset index: certified
 * accuracy at any L2 radius, the curve over radii, abstentions, the radius bound that {@code n}
 * allows, consistency findings, JSON in and out, and the merge of shards.
 *
 * <pre>{@code
 * CertificationReport report = certifier.certify(model, test);
 * report.certifiedAccuracy(0.25);             // provably correct within L2 radius 0.25
 * report.toJson();                            // CertificationReport.fromJson(json) reads it back
 * CertificationReport.merge(shard0, shard1);  // same settings, disjoint samples
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CertificationReport {

    /** The {@code format} field of the JSON form. */
    public static final String FORMAT = "robustunit-certification";

    /** The {@code formatVersion} field of the JSON form. */
    public static final int FORMAT_VERSION = 1;

    /** Slack for float rounding in the consistency checks. */
    static final double TOLERANCE = 1e-9;

    private final String modelName;
    private final String datasetName;
    private final List<String> classNames;
    private final CertificationSettings settings;
    private final List<Certificate> certificates;
    private final Duration wallTime;
    private final List<CertificationFinding> findings;

    private CertificationReport(Builder b) {
        this.modelName = Objects.requireNonNull(b.modelName, "modelName");
        this.datasetName = Objects.requireNonNull(b.datasetName, "datasetName");
        this.classNames = List.copyOf(b.classNames);
        this.settings = Objects.requireNonNull(b.settings, "settings");
        List<Certificate> sorted = new ArrayList<>(b.certificates.values());
        sorted.sort(Comparator.comparingInt(Certificate::datasetIndex));
        this.certificates = List.copyOf(sorted);
        this.wallTime = b.wallTime;
        this.findings = List.copyOf(check());
    }

    public static Builder builder() {
        return new Builder();
    }

    public String modelName() {
        return modelName;
    }

    public String datasetName() {
        return datasetName;
    }

    public List<String> classNames() {
        return classNames;
    }

    public CertificationSettings settings() {
        return settings;
    }

    /** Every certificate, by ascending dataset index. */
    public List<Certificate> certificates() {
        return certificates;
    }

    public Duration wallTime() {
        return wallTime;
    }

    public int sampleCount() {
        return certificates.size();
    }

    /** Samples certified and correct at L2 radius {@code r} (Cohen et al.: correct and radius >= r). */
    public int certifiedCount(double r) {
        int count = 0;
        for (Certificate c : certificates) {
            count += c.certifiedAt(r) ? 1 : 0;
        }
        return count;
    }

    /** {@code certifiedCount(r) / sampleCount}. */
    public double certifiedAccuracy(double r) {
        return sampleCount() == 0 ? 0 : (double) certifiedCount(r) / sampleCount();
    }

    /**
     * A 95% exact interval on the certified accuracy at {@code r} as a population figure (the test
     * set is a sample too); each certificate itself already holds with probability 1 - alpha.
     */
    public ConfidenceInterval certifiedAccuracyInterval(double r, double confidence) {
        return new Proportion(certifiedCount(r), Math.max(1, sampleCount())).interval(confidence);
    }

    /** Samples on which CERTIFY abstained. */
    public int abstentionCount() {
        int count = 0;
        for (Certificate c : certificates) {
            count += c.abstained() ? 1 : 0;
        }
        return count;
    }

    /** Samples certified (not abstained) with a wrong class. */
    public int certifiedWrongCount() {
        int count = 0;
        for (Certificate c : certificates) {
            count += !c.abstained() && c.selectedClass() != c.label() ? 1 : 0;
        }
        return count;
    }

    /**
     * Samples the smoothed classifier gets right, as estimated by the plurality class of the
     * {@code n} estimation draws: the clean accuracy of the smoothed classifier, which certified
     * accuracy at radius 0 can never exceed.
     */
    public int smoothedCorrectCount() {
        int count = 0;
        for (Certificate c : certificates) {
            count += c.pluralityClass() == c.label() ? 1 : 0;
        }
        return count;
    }

    /** The largest radius the settings' {@code n} can certify; see {@link CertificationSettings#radiusBound()}. */
    public double radiusBound() {
        return settings.radiusBound();
    }

    /** The largest certified radius of a correct sample, 0 if none. */
    public double maxCertifiedRadius() {
        double max = 0;
        for (Certificate c : certificates) {
            if (c.correct()) {
                max = Math.max(max, c.radius());
            }
        }
        return max;
    }

    /** Certified accuracy at each radius, sorted ascending. */
    public CertificationCurve curve(double... radii) {
        double[] sorted = radii.clone();
        Arrays.sort(sorted);
        List<CertificationCurve.Point> points = new ArrayList<>();
        for (double r : sorted) {
            if (!(r >= 0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException("radii must be finite and >= 0, was " + r);
            }
            int count = certifiedCount(r);
            points.add(new CertificationCurve.Point(r, count, sampleCount() == 0 ? 0 : (double) count / sampleCount()));
        }
        return new CertificationCurve(points, sampleCount(), radiusBound());
    }

    /** The curve at 41 evenly spaced radii from 0 to the radius bound (or the largest radius). */
    public CertificationCurve curve() {
        double top = Math.max(radiusBound(), maxCertifiedRadius());
        double[] radii = new double[41];
        for (int i = 0; i < radii.length; i++) {
            radii[i] = top * i / (radii.length - 1);
        }
        return curve(radii);
    }

    /** The consistency findings; empty for a valid report. */
    public List<CertificationFinding> findings() {
        return findings;
    }

    /** No findings. */
    public boolean valid() {
        return findings.isEmpty();
    }

    /** This report as JSON ({@value #FORMAT}, version {@value #FORMAT_VERSION}). */
    public String toJson() {
        return CertificationJson.toJson(this);
    }

    /** Writes {@link #toJson()} atomically. */
    public void writeJson(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Reads a report written by {@link #toJson()}. Findings are recomputed, never read.
     *
     * @throws CertificationFormatException naming what is wrong
     */
    public static CertificationReport fromJson(String json) {
        return CertificationJson.fromJson(json, "certification report JSON");
    }

    /**
     * Reads a report file.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws CertificationFormatException naming the file and what is wrong
     */
    public static CertificationReport readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "no certification report here; write one with robustunit certify --json FILE");
        }
        return CertificationJson.fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** {@link #merge(List)} of the arguments. */
    public static CertificationReport merge(CertificationReport first, CertificationReport... more) {
        List<CertificationReport> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(more));
        return merge(all);
    }

    /**
     * One report from shards of the same certification (same model, dataset, settings). A sample
     * in several shards must carry the same certificate in each; wall times add up.
     *
     * @throws IllegalArgumentException naming what differs
     */
    public static CertificationReport merge(List<CertificationReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: give at least one certification report");
        }
        CertificationReport first = reports.get(0);
        Builder merged = builder()
                .modelName(first.modelName)
                .dataset(first.datasetName, first.classNames)
                .settings(first.settings);
        Duration wall = Duration.ZERO;
        for (CertificationReport r : reports) {
            require(r.modelName.equals(first.modelName), "models differ", first.modelName, r.modelName);
            require(r.datasetName.equals(first.datasetName), "datasets differ", first.datasetName, r.datasetName);
            require(
                    r.classNames.equals(first.classNames),
                    "class names differ",
                    first.classNames.toString(),
                    r.classNames.toString());
            require(
                    r.settings.equals(first.settings),
                    "settings differ",
                    first.settings.toString(),
                    r.settings.toString());
            for (Certificate c : r.certificates) {
                Certificate previous = merged.certificates.get(c.datasetIndex());
                if (previous != null && !previous.equals(c)) {
                    throw new IllegalArgumentException("cannot merge: sample " + c.datasetIndex()
                            + " has different certificates in two shards (" + previous + " vs " + c
                            + "); were they certified with the same model and settings?");
                }
                merged.certificates.put(c.datasetIndex(), c);
            }
            wall = wall.plus(r.wallTime);
        }
        return merged.wallTime(wall).build();
    }

    private static void require(boolean ok, String what, String a, String b) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "cannot merge certification reports: " + what + " (" + a + " vs " + b + ")");
        }
    }

    /** The consistency checks (item 5 of the certification issue). */
    private List<CertificationFinding> check() {
        List<CertificationFinding> found = new ArrayList<>();
        double bound = radiusBound();
        for (Certificate c : certificates) {
            int index = c.datasetIndex();
            if (c.estimationCounts().length != classNames.size()) {
                found.add(new CertificationFinding(
                        index,
                        CertificationFinding.Kind.INCONSISTENT_CERTIFICATE,
                        c.estimationCounts().length + " class counts for " + classNames.size() + " classes"));
                continue;
            }
            if (c.radius() > bound + TOLERANCE) {
                found.add(new CertificationFinding(
                        index,
                        CertificationFinding.Kind.RADIUS_ABOVE_BOUND,
                        String.format(
                                Locale.ROOT,
                                "radius %.6f exceeds %.6f, the most that n=%d draws"
                                        + " can certify at sigma=%s, alpha=%s",
                                c.radius(),
                                bound,
                                settings.n(),
                                CertificationSettings.trim(settings.sigma()),
                                CertificationSettings.trim(settings.alpha()))));
            }
            String problem = inconsistency(c);
            if (problem != null) {
                found.add(new CertificationFinding(index, CertificationFinding.Kind.INCONSISTENT_CERTIFICATE, problem));
            }
        }
        int certified = certifiedCount(0);
        int smoothedCorrect = smoothedCorrectCount();
        if (certified > smoothedCorrect) {
            found.add(new CertificationFinding(
                    -1,
                    CertificationFinding.Kind.CERTIFIED_ABOVE_CLEAN,
                    "certified accuracy at radius 0 (" + certified + "/" + sampleCount()
                            + ") exceeds the smoothed classifier's clean accuracy (" + smoothedCorrect
                            + "/" + sampleCount() + ")"));
        }
        return found;
    }

    private String inconsistency(Certificate c) {
        if (c.draws() != settings.n()) {
            return c.draws() + " estimation draws counted but n=" + settings.n();
        }
        if (c.selectionCount() < 0 || c.selectionCount() > settings.n0()) {
            return "selection count " + c.selectionCount() + " outside [0, n0=" + settings.n0() + "]";
        }
        if (c.label() < 0 || c.label() >= classNames.size()) {
            return "label " + c.label() + " outside [0, " + classNames.size() + ")";
        }
        double pA = Binomial.lowerConfidenceBound(c.selectedCount(), settings.n(), settings.alpha());
        if (Math.abs(pA - c.pALower()) > 1e-9) {
            return String.format(
                    Locale.ROOT,
                    "pA %.9f does not follow from nA=%d of n=%d (%.9f)",
                    c.pALower(),
                    c.selectedCount(),
                    settings.n(),
                    pA);
        }
        if (c.abstained() != (pA < 0.5)) {
            return (c.abstained() ? "abstained although" : "certified although") + " pA = "
                    + CertificationSettings.trim(pA);
        }
        double radius = c.abstained() ? 0 : settings.sigma() * Normal.quantile(pA);
        if (Math.abs(radius - c.radius()) > 1e-7) {
            return String.format(Locale.ROOT, "radius %.6f is not sigma * PhiInverse(pA) = %.6f", c.radius(), radius);
        }
        return null;
    }

    /** A summary such as {@code certified 612/1000 at r=0.25 (sigma=0.25, n0=100, ...)}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s on %s: %d samples, certified %d at r=0, %d abstained (%s; radius bound %.3f)",
                modelName,
                datasetName,
                sampleCount(),
                certifiedCount(0),
                abstentionCount(),
                settings,
                radiusBound());
    }

    /** Builds a report; the certificates are keyed and sorted by dataset index. */
    public static final class Builder {
        private String modelName;
        private String datasetName;
        private List<String> classNames = List.of();
        private CertificationSettings settings;
        private final TreeMap<Integer, Certificate> certificates = new TreeMap<>();
        private Duration wallTime = Duration.ZERO;

        private Builder() {}

        public Builder modelName(String name) {
            this.modelName = name;
            return this;
        }

        public Builder dataset(String name, List<String> classNames) {
            this.datasetName = name;
            this.classNames = List.copyOf(classNames);
            return this;
        }

        public Builder settings(CertificationSettings settings) {
            this.settings = settings;
            return this;
        }

        /** @throws IllegalArgumentException if a dataset index occurs twice */
        public Builder certificates(List<Certificate> list) {
            for (Certificate c : list) {
                if (certificates.put(c.datasetIndex(), c) != null) {
                    throw new IllegalArgumentException("sample " + c.datasetIndex() + " has two certificates");
                }
            }
            return this;
        }

        public Builder wallTime(Duration wallTime) {
            this.wallTime = Objects.requireNonNull(wallTime, "wallTime");
            return this;
        }

        public CertificationReport build() {
            return new CertificationReport(this);
        }
    }
}
