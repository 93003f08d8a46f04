package io.robustunit.bench;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.cache.EvaluationCache;
import io.robustunit.cache.EvaluationKey;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.EvaluationListener;
import io.robustunit.eval.EvaluationProgress;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.Comparison;
import io.robustunit.gate.SequentialGate;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import io.robustunit.validity.ValidityChecks;
import io.robustunit.validity.ValidityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * The sample suite's robustness gates (sample-tests: the repaired model under PGD-20 and APGD-CE-50
 * at L-inf 0.1, the natural model under PGD-20 at L-inf 0.01 and 0.02), run the way the suite runs
 * them, counting the images attacked and the wall time:
 * <ol>
 *   <li>every image (gates without early stopping);
 *   <li>the default validity checks every such gate runs (model and gradient checks once per model and
 *       data, then the report checks, the change check and the black-box probe per gate), timed on
 *       their own: their cost relative to the evaluations, and their findings (a finding on these
 *       honest models would be a false alarm);
 *   <li>sequential 95% confidence gates (the suite today);
 *   <li>sequential gates through a persistent evaluation cache in a fresh folder: first build, second
 *       build on the unchanged model files (no image attacked), then after one byte is appended to
 *       each model file (a new digest: everything is attacked again).
 * </ol>
 *
 * <pre>
 * java -cp ... io.robustunit.bench.SuiteGatesBenchmark [--models dir] [--data dir] [--images 1000]
 * </pre>
 */
public final class SuiteGatesBenchmark {

    private static final InputContract CONTRACT = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    private SuiteGatesBenchmark() {}

    /** One gate of the suite. */
    private record Gate(String model, Attack attack, Comparison comparison, double threshold, boolean robust) {
        ToIntFunction<RobustnessReport> successes() {
            return robust ? RobustnessReport::robustCount : RobustnessReport::cleanCorrectCount;
        }
    }

    private static final List<Gate> GATES = List.of(
            new Gate(
                    "fashion-mnist-trades.pt",
                    Attacks.pgd(ThreatModel.linf(0.1)).steps(20).seed(0),
                    Comparison.AT_LEAST,
                    0.65,
                    false),
            new Gate(
                    "fashion-mnist-trades.pt",
                    Attacks.pgd(ThreatModel.linf(0.1)).steps(20).seed(0),
                    Comparison.AT_LEAST,
                    0.45,
                    true),
            new Gate(
                    "fashion-mnist-trades.pt",
                    Attacks.apgdCe(ThreatModel.linf(0.1)).iterations(50).seed(0),
                    Comparison.AT_LEAST,
                    0.45,
                    true),
            new Gate(
                    "fashion-mnist-natural.pt",
                    Attacks.pgd(ThreatModel.linf(0.01)).steps(20).seed(0),
                    Comparison.AT_LEAST,
                    0.55,
                    true),
            new Gate(
                    "fashion-mnist-natural.pt",
                    Attacks.pgd(ThreatModel.linf(0.02)).steps(20).seed(0),
                    Comparison.AT_LEAST,
                    0.35,
                    true));

    public static void main(String[] args) throws Exception {
        Path models = Path.of("sample-tests/src/test/resources/models");
        Path dataDir = Path.of("sample-tests/src/test/resources/fashion-mnist-1000");
        int images = 1000;
        boolean checks = true;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--models" -> models = Path.of(v);
                case "--model" -> models = Path.of(v).getParent();
                case "--data" -> dataDir = Path.of(v);
                case "--images" -> images = Integer.parseInt(v);
                case "--validity-checks" -> checks = Boolean.parseBoolean(v);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --models --data --images --validity-checks true|false");
            }
        }
        LabeledImages data = FashionMnist.load(dataDir, FashionMnist.Split.TEST).first(images);
        System.out.printf(Locale.ROOT, "sample suite gates on %s (%d gates)%n", data, GATES.size());
        Path work = Files.createTempDirectory("robustunit-suite-bench");
        for (String name : List.of("fashion-mnist-trades.pt", "fashion-mnist-natural.pt")) {
            Files.copy(models.resolve(name), work.resolve(name));
        }
        run("every image (no early stop)", work, data, false, EvaluationCache.none());
        if (checks) {
            validityChecks(work, data);
        }
        run("sequential 95% gates", work, data, true, EvaluationCache.none());
        Path cache = work.resolve("cache");
        run("sequential, persistent cache, first build", work, data, true, EvaluationCache.persistent(cache));
        run("sequential, persistent cache, second build", work, data, true, EvaluationCache.persistent(cache));
        for (String name : List.of("fashion-mnist-trades.pt", "fashion-mnist-natural.pt")) {
            Files.write(work.resolve(name), new byte[] {0}, StandardOpenOption.APPEND);
        }
        run("sequential, persistent cache, model files changed", work, data, true, EvaluationCache.persistent(cache));
    }

    private static void run(String label, Path models, LabeledImages data, boolean sequential, EvaluationCache cache)
            throws Exception {
        AtomicLong attacked = new AtomicLong();
        RobustnessEvaluator evaluator = RobustnessEvaluator.builder()
                .listener(new EvaluationListener() {
                    @Override
                    public void started(EvaluationProgress progress) {
                        attacked.addAndGet(progress.totalSamples());
                    }

                    @Override
                    public void progressed(EvaluationProgress progress) {}
                })
                .build();
        long start = System.nanoTime();
        StringBuilder verdicts = new StringBuilder();
        for (Gate gate : GATES) {
            try (Classifier model = Classifiers.torchScript(models.resolve(gate.model()), CONTRACT)) {
                if (sequential) {
                    SequentialGate.Result r = SequentialGate.builder(evaluator, model, data, gate.attack())
                            .proportion(gate.successes(), RobustnessReport::sampleCount)
                            .requirement(gate.comparison(), gate.threshold())
                            .confidence(0.95)
                            .cache(cache)
                            .run();
                    verdicts.append(String.format(
                            Locale.ROOT,
                            "%n    %s %s: %s %s",
                            gate.model(),
                            gate.attack().name(),
                            r.decision().status(),
                            r.summary()));
                } else {
                    EvaluationKey<RobustnessReport> key = EvaluationKey.attackEvaluation(
                            RobustnessReport.class, model, data, gate.attack(), evaluator.settings());
                    RobustnessReport r =
                            cache.computeIfAbsent(key, () -> evaluator.evaluate(model, data, gate.attack()));
                    int k = gate.successes().applyAsInt(r);
                    verdicts.append(String.format(
                            Locale.ROOT,
                            "%n    %s %s: %s %d/%d",
                            gate.model(),
                            gate.attack().name(),
                            gate.comparison().holds((double) k / r.sampleCount(), gate.threshold()) ? "PASS" : "FAIL",
                            k,
                            r.sampleCount()));
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%-50s %6d images attacked, %7.1f s%s%n",
                label,
                attacked.get(),
                (System.nanoTime() - start) / 1e9,
                verdicts);
    }

    /** The default validity checks of each gate, timed apart from the evaluation they check. */
    private static void validityChecks(Path models, LabeledImages data) throws Exception {
        RobustnessEvaluator evaluator = RobustnessEvaluator.builder().build();
        ValidityChecks checks = ValidityChecks.defaults();
        double evaluations = 0;
        double modelChecks = 0;
        double gateChecks = 0;
        StringBuilder lines = new StringBuilder();
        java.util.Set<String> checkedModels = new java.util.HashSet<>();
        for (Gate gate : GATES) {
            try (Classifier model = Classifiers.torchScript(models.resolve(gate.model()), CONTRACT)) {
                long t0 = System.nanoTime();
                ValidityReport before = ValidityReport.clean();
                if (checkedModels.add(gate.model())) {
                    before = checks.checkModel(model, data);
                }
                long t1 = System.nanoTime();
                RobustnessReport report = evaluator.evaluate(model, data, gate.attack());
                long t2 = System.nanoTime();
                ValidityReport after = checks.checkEvaluation(model, data, gate.attack(), report);
                long t3 = System.nanoTime();
                modelChecks += (t1 - t0) / 1e9;
                evaluations += (t2 - t1) / 1e9;
                gateChecks += (t3 - t2) / 1e9;
                ValidityReport all = before.and(after);
                lines.append(String.format(
                        Locale.ROOT,
                        "%n    %s %s: model checks %.1f s, evaluation %.1f s, gate checks %.1f s; %s",
                        gate.model(),
                        gate.attack().name(),
                        (t1 - t0) / 1e9,
                        (t2 - t1) / 1e9,
                        (t3 - t2) / 1e9,
                        all.findings().isEmpty() ? "no finding" : "FINDINGS " + all.findings()));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%-50s checks %.1f s on top of %.1f s of evaluation (+%.0f%%)%s%n",
                "default validity checks, every image",
                modelChecks + gateChecks,
                evaluations,
                100 * (modelChecks + gateChecks) / evaluations,
                lines);
    }
}
