package io.robustunit.bench;

import static io.robustunit.bench.BenchArgs.value;

import ai.djl.ndarray.NDManager;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.attack.Attacks;
import io.robustunit.attack.AutoAttackEnsemble;
import io.robustunit.data.Batch;
import io.robustunit.data.Datasets;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall time of the AutoAttack-style ensemble ({@link Attacks#autoAttack}: APGD-CE, APGD-T with 9
 * targets, Square with 1,000 queries, each member on the samples every earlier one left robust) on
 * a TorchScript model, comparable with {@code sample-tests/tools/ensemble_reference_benchmark.py}
 * (the same ensemble in PyTorch eager), and a per-component profile.
 *
 * <pre>
 * java -cp ... io.robustunit.bench.EnsembleBenchmark [--model m.pt] [--data dir] [--images 100]
 *     [--batch 100] [--threads 2] [--workers 1] [--eps 0.1] [--seed 0] [--no-profile]
 * </pre>
 *
 * <p>After a short warm-up it evaluates the ensemble as a gate does ({@link RobustnessEvaluator},
 * in this JVM) and prints wall time, images/s, robust accuracy, who broke how many samples and a
 * SHA-256 digest of the per-sample outcomes (equal digests: equal per-sample results). Then, unless
 * {@code --no-profile}, it runs the members one after the other on the survivors (per-sample
 * results do not depend on how samples are batched, so this reproduces the ensemble; the program
 * checks it) with a JFR recording per member, and prints each member's wall time and where the main
 * thread spent it ({@link ProfileTable}); {@code -Drobustunit.bench.stacks=true} also prints one
 * example stack per phase, to check what a phase holds.
 */
public final class EnsembleBenchmark {

    private EnsembleBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        RobustUnitEngine.setIntraOpThreads(o.threads);
        RobustUnitEngine.setForwardWorkers(o.workers);
        LabeledImages data = Datasets.read(o.data).first(o.images);
        InputContract contract = InputContract.of(data.imageShape(), 0f, 1f, data.numClasses());
        ThreatModel tm = ThreatModel.linf(o.eps);
        AutoAttackEnsemble ensemble = Attacks.autoAttack(tm).seed(o.seed);
        try (Classifier model = Classifiers.load(o.model, contract)) {
            System.out.printf(
                    Locale.ROOT,
                    "RobustUnit ensemble benchmark: %s%nmodel %s, %s, batch %d, intra-op threads %d, forward workers %d%n",
                    ensemble,
                    o.model,
                    data,
                    o.batch,
                    RobustUnitEngine.intraOpThreads(),
                    RobustUnitEngine.forwardWorkers());
            warmUp(model, tm, data, o.batch);
            RobustnessEvaluator evaluator = RobustnessEvaluator.builder()
                    .backend(null)
                    .batchSize(o.batch)
                    .build();
            long start = System.nanoTime();
            RobustnessReport report = evaluator.evaluate(model, data, ensemble);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "ensemble: %.2f s, %.2f images/s; clean accuracy %s, robust accuracy %s%n",
                    seconds,
                    data.size() / seconds,
                    fraction(report.cleanCorrectCount(), data.size()),
                    fraction(report.robustCount(), data.size()));
            for (Map.Entry<String, Integer> e : brokenByCounts(report).entrySet()) {
                System.out.printf(Locale.ROOT, "  broken by %-60s %4d%n", shortName(e.getKey()), e.getValue());
            }
            String digest = digest(report.outcomes());
            System.out.println("per-sample outcomes digest (sha256): " + digest);
            if (o.outcomes != null) {
                writeOutcomes(o.outcomes, report.outcomes());
                System.out.println("per-sample outcomes written to " + o.outcomes);
            }
            if (o.profile) {
                profile(model, ensemble, data, o.batch, report, seconds);
            }
            System.out.printf(
                    Locale.ROOT,
                    "RESULT seconds=%.3f images_per_s=%.3f robust_acc=%.4f clean_acc=%.4f digest=%s%n",
                    seconds,
                    data.size() / seconds,
                    report.robustAccuracy(),
                    report.cleanAccuracy(),
                    digest);
        }
    }

    /**
     * The evaluator with a short ensemble (5 iterations, 1 target, 5 queries) on 16 images, so that
     * TorchScript's profiling runs and the JIT's first compilations are not timed.
     */
    private static void warmUp(Classifier model, ThreatModel tm, LabeledImages data, int batchSize) {
        LabeledImages few = data.first(Math.min(16, data.size()));
        AutoAttackEnsemble shortEnsemble = Attacks.autoAttack(tm)
                .members(
                        Attacks.apgdCe(tm).iterations(5).earlyExit(true),
                        Attacks.apgdDlr(tm).iterations(5).targetClasses(1).earlyExit(true),
                        Attacks.square(tm).queries(5));
        RobustnessEvaluator.builder().backend(null).batchSize(batchSize).build().evaluate(model, few, shortEnsemble);
    }

    /**
     * Runs the members one after the other, each on every sample the earlier ones left robust, with
     * a JFR recording per member; prints the per-member profile and checks that the attributions
     * match the ensemble's report.
     */
    private static void profile(
            Classifier model,
            AutoAttackEnsemble ensemble,
            LabeledImages data,
            int batchSize,
            RobustnessReport report,
            double ensembleSeconds)
            throws Exception {
        System.out.println();
        System.out.println("Per-component profile (members run one after the other on the survivors,"
                + " JFR samples of the attacking thread every 10 ms):");
        Map<Integer, String> brokenBy = new HashMap<>();
        LabeledImages remaining = data;
        List<ProfileTable.Component> components = new ArrayList<>();
        for (Attack member : ensemble.members()) {
            if (remaining.size() == 0) {
                components.add(new ProfileTable.Component(shortName(member.toString()), 0, 0, 0, null));
                continue;
            }
            int attacked = remaining.size();
            List<Integer> survivors = new ArrayList<>();
            ProfileTable.Samples samples;
            long start;
            long nanos;
            try (JfrSampler sampler = JfrSampler.start()) {
                start = System.nanoTime();
                for (int from = 0; from < remaining.size(); from += batchSize) {
                    int to = Math.min(from + batchSize, remaining.size());
                    try (NDManager manager = NDManager.newBaseManager();
                            Batch batch = remaining.batch(manager, from, to);
                            AttackResult result =
                                    member.perturb(model, batch.images(), batch.labels(), batch.datasetIndices())) {
                        String[] by = result.brokenBy();
                        for (int i = 0; i < by.length; i++) {
                            if (by[i] == null) {
                                survivors.add(from + i);
                            } else {
                                brokenBy.put(remaining.datasetIndex(from + i), by[i]);
                            }
                        }
                    }
                }
                nanos = System.nanoTime() - start;
                samples = sampler.stop();
            }
            components.add(new ProfileTable.Component(
                    shortName(member.toString()), attacked, attacked - survivors.size(), nanos / 1e9, samples));
            remaining = remaining.select(
                    survivors.stream().mapToInt(Integer::intValue).toArray(), remaining.name());
        }
        ProfileTable.print(components, ensembleSeconds, System.out);
        int mismatches = 0;
        for (SampleOutcome outcome : report.outcomes()) {
            String expected = outcome.brokenBy();
            String got = brokenBy.get(outcome.datasetIndex());
            boolean cleanWrong = outcome.cleanPrediction() != outcome.trueLabel();
            boolean same =
                    cleanWrong ? AttackResult.MISCLASSIFIED_CLEAN.equals(got) : java.util.Objects.equals(expected, got);
            if (!same) {
                mismatches++;
            }
        }
        System.out.println(
                mismatches == 0
                        ? "members run one by one reproduce the ensemble's per-sample attributions: yes"
                        : "WARNING: " + mismatches + " samples attributed differently when members run one by one");
    }

    private static Map<String, Integer> brokenByCounts(RobustnessReport report) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SampleOutcome outcome : report.outcomes()) {
            if (outcome.brokenBy() != null) {
                counts.merge(outcome.brokenBy(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** {@code APGD-T(Linf eps=0.100, DLR, ...)} -> the member's name and its main budget. */
    static String shortName(String description) {
        int paren = description.indexOf('(');
        return paren < 0 ? description : description.substring(0, paren);
    }

    /** SHA-256 over every outcome (index, label, predictions, norm bits, attribution), in index order. */
    static String digest(List<SampleOutcome> outcomes) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        TreeMap<Integer, SampleOutcome> sorted = new TreeMap<>();
        for (SampleOutcome o : outcomes) {
            sorted.put(o.datasetIndex(), o);
        }
        for (SampleOutcome o : sorted.values()) {
            sha.update(line(o).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String line(SampleOutcome o) {
        return o.datasetIndex() + "," + o.trueLabel() + "," + o.cleanPrediction() + "," + o.adversarialPrediction()
                + "," + Long.toHexString(Double.doubleToLongBits(o.perturbationNorm())) + "," + o.brokenBy() + "\n";
    }

    private static void writeOutcomes(Path file, List<SampleOutcome> outcomes) throws Exception {
        TreeMap<Integer, SampleOutcome> sorted = new TreeMap<>();
        for (SampleOutcome o : outcomes) {
            sorted.put(o.datasetIndex(), o);
        }
        StringBuilder text = new StringBuilder("index,label,clean,adversarial,norm,brokenBy\n");
        for (SampleOutcome o : sorted.values()) {
            text.append(line(o));
        }
        Files.writeString(file, text.toString());
    }

    private static String fraction(int count, int total) {
        return String.format(Locale.ROOT, "%.4f (%d/%d)", (double) count / total, count, total);
    }

    /** Command-line options. */
    private static final class Options {
        Path model = Path.of("sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
        Path data = Path.of("sample-tests/src/test/resources/fashion-mnist-1000");
        Path outcomes;
        int images = 100;
        int batch = 100;
        int threads = 2;
        int workers = 1;
        double eps = 0.1;
        long seed = 0;
        boolean profile = true;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--model" -> o.model = Path.of(value(args, ++i, a));
                    case "--data" -> o.data = Path.of(value(args, ++i, a));
                    case "--images" -> o.images = Integer.parseInt(value(args, ++i, a));
                    case "--batch" -> o.batch = Integer.parseInt(value(args, ++i, a));
                    case "--threads" -> o.threads = Integer.parseInt(value(args, ++i, a));
                    case "--workers" -> o.workers = Integer.parseInt(value(args, ++i, a));
                    case "--eps" -> o.eps = Double.parseDouble(value(args, ++i, a));
                    case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a));
                    case "--outcomes" -> o.outcomes = Path.of(value(args, ++i, a));
                    case "--no-profile" -> o.profile = false;
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option " + a + "; see the EnsembleBenchmark javadoc for the options");
                }
            }
            if (o.images < 1 || o.batch < 1 || o.threads < 1 || o.workers < 1) {
                throw new IllegalArgumentException("--images, --batch, --threads and --workers must be >= 1");
            }
            return o;
        }
    }
}
