package io.robustunit.bench;

import ai.djl.ndarray.types.Shape;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.ThreatModel;
import io.robustunit.trades.TradesTrainer;
import io.robustunit.trades.TrainingListener;
import io.robustunit.trades.TrainingStep;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Time of one TRADES step (batch 128, 10 inner steps by default) on the sample model, comparable
 * with {@code sample-tests/tools/trades_step_reference_benchmark.py} (PyTorch eager). Memory over an
 * epoch: {@link Soak}.
 *
 * <pre>
 * java -cp ... io.robustunit.bench.TradesStepBenchmark [--model m.pt] [--data dir] [--batch 128]
 *     [--inner-steps 10] [--threads 2] [--warmup 2] [--timed 10]
 * </pre>
 *
 * <p>Speed mode trains on the test images of {@code --data} (the 1,000-image subset by default, as
 * the Python script does) for {@code warmup + timed} steps and prints the median and minimum wall
 * time of the timed steps, and the process CPU time per step (all threads).
 */
public final class TradesStepBenchmark {

    private static final InputContract CONTRACT = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    private TradesStepBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path model = Path.of("sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
        Path data = Path.of("sample-tests/src/test/resources/fashion-mnist-1000");
        int batch = 128;
        int innerSteps = 10;
        int threads = 2;
        int warmup = 2;
        int timed = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--inner-steps" -> innerSteps = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--timed" -> timed = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        RobustUnitEngine.setIntraOpThreads(threads);
        TradesTrainer.Builder trainer = TradesTrainer.builder()
                .threatModel(ThreatModel.linf(0.1))
                .beta(6)
                .innerSteps(innerSteps)
                .innerStepSize(0.025)
                .batchSize(batch)
                .learningRate(0.01)
                .epochs(1);
        System.out.printf(
                Locale.ROOT,
                "RobustUnit TRADES step benchmark: model %s, batch %d, %d inner steps," + " intra-op threads %d%n",
                model,
                batch,
                innerSteps,
                RobustUnitEngine.intraOpThreads());
        try (TrainableClassifier classifier = Classifiers.torchScript(model, CONTRACT)) {
            LabeledImages images = FashionMnist.load(data, FashionMnist.Split.TEST);
            int steps = warmup + timed;
            LabeledImages train = images.select(cycle(images.size(), steps * batch), images.name());
            StepClock clock = new StepClock();
            trainer.listener(clock).build().fit(classifier, train);
            List<Long> wall = clock.wallNanos.subList(warmup, steps);
            List<Long> cpu = clock.cpuNanos.subList(warmup, steps);
            for (int i = 0; i < clock.wallNanos.size(); i++) {
                System.out.printf(
                        Locale.ROOT,
                        "step %d%s: %.1f ms wall, %.1f ms CPU%n",
                        i + 1,
                        i < warmup ? " (warm-up)" : "",
                        clock.wallNanos.get(i) / 1e6,
                        clock.cpuNanos.get(i) / 1e6);
            }
            System.out.printf(
                    Locale.ROOT,
                    "TRADES step, batch %d, %d inner steps: median %.1f ms, min %.1f ms"
                            + " over %d steps; median process CPU %.1f ms per step%n",
                    batch,
                    innerSteps,
                    median(wall) / 1e6,
                    Collections.min(wall) / 1e6,
                    timed,
                    median(cpu) / 1e6);
            System.out.printf(Locale.ROOT, "RESULT trades_step_ms=%.1f%n", median(wall) / 1e6);
        }
    }

    /** Positions 0..n-1 repeated to {@code count} entries. */
    private static int[] cycle(int n, int count) {
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = i % n;
        }
        return positions;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Wall and process CPU time between consecutive steps. */
    private static final class StepClock implements TrainingListener {
        final List<Long> wallNanos = new ArrayList<>();
        final List<Long> cpuNanos = new ArrayList<>();
        long lastWall = System.nanoTime();
        long lastCpu = cpu();

        @Override
        public void onStep(TrainingStep step) {
            long wall = System.nanoTime();
            long cpu = cpu();
            wallNanos.add(wall - lastWall);
            cpuNanos.add(cpu - lastCpu);
            lastWall = wall;
            lastCpu = cpu;
        }

        private static long cpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
