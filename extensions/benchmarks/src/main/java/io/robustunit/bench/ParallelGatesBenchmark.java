package io.robustunit.bench;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two gates at once versus one after the other: PGD-20 at L-inf 0.02 and at L-inf 0.05 (no early
 * exit) on the sample model, each over the same images. "Sequential" runs the two evaluations one
 * after the other with {@code threads} intra-op threads; "parallel" runs them on two Java threads at
 * the same time with {@code threads / 2} intra-op threads each (the gradient recording holds no
 * process-wide lock). Prints wall times, their ratio and whether both modes give identical reports.
 *
 * <pre>
 * java -cp ... io.robustunit.bench.ParallelGatesBenchmark [--model m.pt] [--data dir] [--images 500]
 *     [--threads 2] [--repeats 2]
 * </pre>
 */
public final class ParallelGatesBenchmark {

    private static final InputContract CONTRACT = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    private ParallelGatesBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path model = Path.of("sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
        Path dataDir = Path.of("sample-tests/src/test/resources/fashion-mnist-1000");
        int images = 500;
        int threads = 2;
        int repeats = 2;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--model" -> model = Path.of(v);
                case "--data" -> dataDir = Path.of(v);
                case "--images" -> images = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--repeats" -> repeats = Integer.parseInt(v);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + "; options: --model --data --images --threads --repeats");
            }
        }
        LabeledImages data = FashionMnist.load(dataDir, FashionMnist.Split.TEST).first(images);
        List<Attack> gates = List.of(
                Attacks.pgd(ThreatModel.linf(0.02)).steps(20).seed(0),
                Attacks.pgd(ThreatModel.linf(0.05)).steps(20).seed(0));
        RobustnessEvaluator evaluator =
                RobustnessEvaluator.builder().batchSize(100).build();
        try (Classifier classifier = Classifiers.torchScript(model, CONTRACT)) {
            System.out.printf(
                    Locale.ROOT,
                    "two gates (%s; %s) on %s, %d intra-op threads in total%n",
                    gates.get(0),
                    gates.get(1),
                    data,
                    threads);
            RobustUnitEngine.setIntraOpThreads(threads);
            evaluator.evaluate(classifier, data.first(100), gates.get(0)); // warm-up
            double bestSequential = Double.MAX_VALUE;
            double bestParallel = Double.MAX_VALUE;
            boolean same = true;
            for (int r = 0; r < repeats; r++) {
                RobustUnitEngine.setIntraOpThreads(threads);
                long start = System.nanoTime();
                RobustnessReport a = evaluator.evaluate(classifier, data, gates.get(0));
                RobustnessReport b = evaluator.evaluate(classifier, data, gates.get(1));
                double sequential = (System.nanoTime() - start) / 1e9;

                RobustUnitEngine.setIntraOpThreads(Math.max(1, threads / 2));
                ExecutorService pool = Executors.newFixedThreadPool(2);
                start = System.nanoTime();
                Future<RobustnessReport> pa = pool.submit(() -> evaluator.evaluate(classifier, data, gates.get(0)));
                Future<RobustnessReport> pb = pool.submit(() -> evaluator.evaluate(classifier, data, gates.get(1)));
                RobustnessReport ca = pa.get();
                RobustnessReport cb = pb.get();
                double parallel = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                same &= ca.outcomes().equals(a.outcomes()) && cb.outcomes().equals(b.outcomes());
                System.out.printf(
                        Locale.ROOT,
                        "repeat %d: one after the other %.1f s, both at once %.1f s (%.2fx); robust %d/%d and %d/%d%n",
                        r + 1,
                        sequential,
                        parallel,
                        sequential / parallel,
                        a.robustCount(),
                        a.sampleCount(),
                        b.robustCount(),
                        b.sampleCount());
                bestSequential = Math.min(bestSequential, sequential);
                bestParallel = Math.min(bestParallel, parallel);
            }
            System.out.printf(
                    Locale.ROOT,
                    "best: one after the other %.1f s, both at once %.1f s, speed-up %.2fx;"
                            + " identical reports: %s%n",
                    bestSequential,
                    bestParallel,
                    bestSequential / bestParallel,
                    same);
        }
    }
}
