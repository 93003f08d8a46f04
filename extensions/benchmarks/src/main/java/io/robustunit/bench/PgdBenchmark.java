package io.robustunit.bench;

import static io.robustunit.bench.BenchArgs.value;

import ai.djl.ndarray.NDManager;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.attack.Attacks;
import io.robustunit.attack.Pgd;
import io.robustunit.data.Batch;
import io.robustunit.data.Datasets;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.FixedRowBatches;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Throughput and memory benchmark of PGD on a TorchScript model (the Fashion-MNIST sample model by
 * default; {@code scripts/benchmark rgb-pgd} runs it on the RGB sample model and its PNG folder),
 * comparable with {@code sample-tests/tools/pgd_reference_benchmark.py} (PyTorch eager). The data is
 * any format {@link Datasets} reads; the input contract is its image shape and class count in [0, 1].
 *
 * <pre>
 * java -cp ... io.robustunit.bench.PgdBenchmark [--model m.pt] [--data dir] [--images 1000]
 *     [--batch 200] [--threads 2] [--workers 1] [--repeats 3] [--eps 0.1] [--steps 20] [--step-size 0.01]
 * </pre>
 *
 * <p>One warm-up batch, then {@code repeats} full attacks without early exit (every step for every
 * sample, as the plain PyTorch loop does) and with it (PGD's default); prints best
 * and median images/s, robust accuracy with counts, the early-exit speed-up and the resident memory
 * (VmRSS) before and after. Memory over long runs: {@link Soak}.
 */
public final class PgdBenchmark {

    private PgdBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        RobustUnitEngine.setIntraOpThreads(o.threads);
        RobustUnitEngine.setForwardWorkers(o.workers);
        LabeledImages data = Datasets.read(o.data).first(o.images);
        InputContract contract = InputContract.of(data.imageShape(), 0f, 1f, data.numClasses());
        try (Classifier model = Classifiers.torchScript(o.model, contract)) {
            Pgd pgd = Attacks.pgd(ThreatModel.linf(o.eps)).steps(o.steps).stepSize(o.stepSize);
            System.out.printf(
                    Locale.ROOT,
                    "RobustUnit PGD benchmark: %s, model %s, intra-op threads %d, forward workers %d, %d rows per call%n",
                    pgd,
                    o.model,
                    RobustUnitEngine.intraOpThreads(),
                    RobustUnitEngine.forwardWorkers(),
                    FixedRowBatches.rows());
            speed(model, pgd, data, o);
        }
    }

    private static void speed(Classifier model, Pgd pgd, LabeledImages data, Options o) {
        System.out.printf(
                Locale.ROOT,
                "data: %s, batch %d, clean accuracy %s%n",
                data,
                o.batch,
                fraction(cleanCorrect(model, data, o.batch), data.size()));
        String rssBefore = ResidentMemory.residentMiB();
        attack(model, pgd, data.first(o.batch), o.batch);
        double plain = report("PGD", model, pgd.earlyExit(false), data, o);
        double early = report("PGD + early exit", model, pgd.earlyExit(true), data, o);
        System.out.printf(Locale.ROOT, "early-exit speed-up: %.2fx (best vs best)%n", early / plain);
        System.out.printf(Locale.ROOT, "VmRSS: %s before warm-up, %s after%n", rssBefore, ResidentMemory.residentMiB());
    }

    /** Runs the repeats; prints and returns the best images/s. */
    private static double report(String label, Classifier model, Attack attack, LabeledImages data, Options o) {
        double[] rates = new double[o.repeats];
        int robust = -1;
        for (int r = 0; r < o.repeats; r++) {
            long start = System.nanoTime();
            int count = attack(model, attack, data, o.batch);
            rates[r] = data.size() / ((System.nanoTime() - start) / 1e9);
            if (robust >= 0 && count != robust) {
                System.out.printf("WARNING: robust count %d differs from the first repeat's %d%n", count, robust);
            }
            robust = count;
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-17s images/s best %.1f, median %.1f (%s); robust accuracy %s%n",
                label,
                sorted[sorted.length - 1],
                sorted[sorted.length / 2],
                rateList(rates),
                fraction(robust, data.size()));
        return sorted[sorted.length - 1];
    }

    /** Attacks {@code data} batch by batch; returns the number of robust samples. */
    static int attack(Classifier model, Attack attack, LabeledImages data, int batchSize) {
        int robust = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            robust += attack(model, attack, data, from, Math.min(from + batchSize, data.size()));
        }
        return robust;
    }

    /** Attacks images {@code [from, to)} of {@code data} as one batch; returns the number of robust samples. */
    static int attack(Classifier model, Attack attack, LabeledImages data, int from, int to) {
        try (NDManager manager = NDManager.newBaseManager();
                Batch batch = data.batch(manager, from, to);
                AttackResult result = attack.perturb(model, batch.images(), batch.labels(), batch.datasetIndices())) {
            return result.robustCount();
        }
    }

    private static int cleanCorrect(Classifier model, LabeledImages data, int batchSize) {
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(from + batchSize, data.size());
            try (NDManager manager = NDManager.newBaseManager();
                    Batch batch = data.batch(manager, from, to)) {
                long[] predicted = model.logits(batch.images()).argMax(1).toLongArray();
                for (int i = 0; i < predicted.length; i++) {
                    if (predicted[i] == data.label(from + i)) {
                        correct++;
                    }
                }
            }
        }
        return correct;
    }

    private static String fraction(int count, int total) {
        return String.format(Locale.ROOT, "%.4f (%d/%d)", (double) count / total, count, total);
    }

    private static String rateList(double[] rates) {
        List<String> parts = new ArrayList<>();
        for (double r : rates) {
            parts.add(String.format(Locale.ROOT, "%.1f", r));
        }
        return String.join(", ", parts);
    }

    /** Command-line options. */
    private static final class Options {
        Path model = Path.of("sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
        Path data = Path.of("sample-tests/src/test/resources/fashion-mnist-1000");
        int images = 1000;
        int batch = 200;
        int threads = 2;
        int workers = 1;
        int repeats = 3;
        double eps = 0.1;
        int steps = 20;
        double stepSize = 0.01;

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
                    case "--repeats" -> o.repeats = Integer.parseInt(value(args, ++i, a));
                    case "--eps" -> o.eps = Double.parseDouble(value(args, ++i, a));
                    case "--steps" -> o.steps = Integer.parseInt(value(args, ++i, a));
                    case "--step-size" -> o.stepSize = Double.parseDouble(value(args, ++i, a));
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option " + a + "; see the PgdBenchmark javadoc for the options");
                }
            }
            if (o.images < 1 || o.batch < 1 || o.repeats < 1) {
                throw new IllegalArgumentException("--images, --batch and --repeats must be >= 1");
            }
            return o;
        }
    }
}
