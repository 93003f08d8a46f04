package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.robustunit.data.Batch;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.random.Seeds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** One call of {@link TradesTrainer#fit} or {@link TradesTrainer#resume}: the training loop. */
final class TrainingSession {

    private static final long ORDER_STREAM = 1;
    private static final long NOISE_STREAM = 2;
    private static final long DROPOUT_STREAM = 3;

    private final TradesTrainer trainer;
    private final TrainableClassifier model;
    private final LabeledImages trainingSet;
    private final TrainingCheckpoint resumeFrom;
    private final AdversarialStep step;
    private final RobustnessEvaluator evaluator;
    private final CheckpointStore store;
    private final int batchesPerEpoch;
    private final List<HeldOutEvaluation> evaluations = new ArrayList<>();
    private final CollapseDetector collapse;

    private long globalStep;
    private double bestRobustAccuracy = Double.NaN;
    private long bestStep = -1;
    private long lastEvaluatedStep = -1;

    TrainingSession(
            TradesTrainer trainer,
            TrainableClassifier model,
            LabeledImages trainingSet,
            TrainingCheckpoint resumeFrom) {
        this.trainer = trainer;
        this.model = model;
        this.trainingSet = trainingSet;
        this.resumeFrom = resumeFrom;
        this.step = trainer.newStep();
        this.evaluator = trainer.config().selection().heldOut() == null
                ? null
                : RobustnessEvaluator.builder()
                        .batchSize(TradesTrainer.EVALUATION_BATCH_SIZE)
                        .modelName(model.name())
                        .retainExamples(0)
                        .build();
        this.store = trainer.config().checkpoints().directory() == null
                ? null
                : new CheckpointStore(trainer.config().checkpoints().directory());
        this.collapse = new CollapseDetector(model.contract().numClasses(), trainer.settings());
        this.batchesPerEpoch = (trainingSet.size() + trainer.batchSize() - 1) / trainer.batchSize();
    }

    TrainingResult run() throws IOException {
        long started = System.nanoTime();
        List<NDArray> parameters = model.parameters();
        int startEpoch = 0;
        int startBatch = 0;
        if (resumeFrom != null) {
            startEpoch = resumeFrom.epochsDone();
            startBatch = resumeFrom.batchesDone();
            globalStep = resumeFrom.globalStep();
            bestRobustAccuracy = resumeFrom.bestRobustAccuracy();
            bestStep = resumeFrom.bestStep();
            lastEvaluatedStep = globalStep;
        }
        long firstStep = globalStep;
        long totalSteps = (long) trainer.epochs() * batchesPerEpoch;
        long trainingNanos = 0;
        try (NDManager manager = NDManager.newBaseManager(model.device());
                ParameterUpdater updater = new ParameterUpdater(trainer.optimizer(), parameters, manager)) {
            if (resumeFrom != null) {
                restore(updater, manager, resumeFrom.optimizerFile());
            }
            for (int epoch = startEpoch; epoch < trainer.epochs(); epoch++) {
                int[] order = permutation(trainingSet.size(), Seeds.derive(trainer.seed(), ORDER_STREAM, epoch));
                for (int b = epoch == startEpoch ? startBatch : 0; b < batchesPerEpoch; b++) {
                    long t0 = System.nanoTime();
                    double epochsDone = epoch + (double) b / batchesPerEpoch;
                    double warmup = trainer.warmupFactor(globalStep, totalSteps);
                    double learningRate = trainer.learningRateSchedule().rate(epochsDone) * warmup;
                    AdversarialStep.Outcome outcome;
                    try (NDManager scope = manager.newSubManager()) {
                        outcome = trainOneBatch(scope, parameters, updater, order, b, learningRate, warmup);
                    }
                    collapse.onStep(globalStep + 1, outcome.naturalLoss(), outcome.robustLoss())
                            .ifPresent(trainer.config().listener()::onCollapse);
                    globalStep++;
                    trainingNanos += System.nanoTime() - t0;
                    long stepsDone = globalStep - firstStep;
                    long etaNanos = trainingNanos / stepsDone * (totalSteps - globalStep);
                    trainer.config()
                            .listener()
                            .onStep(new TrainingStep(
                                    epoch + 1,
                                    trainer.epochs(),
                                    b + 1,
                                    batchesPerEpoch,
                                    globalStep,
                                    outcome.naturalLoss(),
                                    outcome.robustLoss(),
                                    outcome.loss(),
                                    learningRate,
                                    Duration.ofNanos(System.nanoTime() - started),
                                    Duration.ofNanos(Math.max(0, etaNanos))));
                    boolean epochEnd = b == batchesPerEpoch - 1;
                    if (evaluator != null
                            && (epochEnd || every(trainer.config().selection().evaluateEvery()))) {
                        evaluate(epoch + (double) (b + 1) / batchesPerEpoch);
                    }
                    if (store != null
                            && (epochEnd || every(trainer.config().checkpoints().every()))) {
                        checkpoint(manager, updater, epochEnd ? epoch + 1 : epoch, epochEnd ? 0 : b + 1);
                    }
                }
            }
            if (evaluator != null && lastEvaluatedStep != globalStep) {
                evaluate((double) globalStep / batchesPerEpoch);
            }
        }
        if (trainer.config().selection().output() != null && evaluator == null) {
            model.save(trainer.config().selection().output());
        }
        return new TrainingResult(
                globalStep,
                globalStep - firstStep,
                evaluations,
                bestRobustAccuracy,
                Optional.ofNullable(trainer.config().selection().output()),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private boolean every(int steps) {
        return steps > 0 && globalStep % steps == 0;
    }

    private AdversarialStep.Outcome trainOneBatch(
            NDManager scope,
            List<NDArray> parameters,
            ParameterUpdater updater,
            int[] order,
            int b,
            double learningRate,
            double betaScale) {
        int from = b * trainer.batchSize();
        int to = Math.min(trainingSet.size(), from + trainer.batchSize());
        Batch batch = trainingSet
                .select(Arrays.copyOfRange(order, from, to), trainingSet.name())
                .batch(scope, 0, to - from);
        NDArray oneHot = batch.labels().oneHot(model.contract().numClasses());
        SplittableRandom noise = new SplittableRandom(Seeds.derive(trainer.seed(), NOISE_STREAM, globalStep));
        NDArray adversarial = step.adversarial(model, batch.images(), oneHot, noise);
        AdversarialStep.Outcome outcome = step.outer(
                model,
                parameters,
                batch.images(),
                adversarial,
                oneHot,
                Seeds.derive(trainer.seed(), DROPOUT_STREAM, globalStep),
                betaScale);
        if (!Double.isFinite(outcome.loss())) {
            throw new IllegalStateException("Training diverged at step " + (globalStep + 1) + ": the loss is "
                    + outcome.loss() + " (" + trainer.settings() + "); lower the learning rate");
        }
        updater.apply(parameters, outcome.gradients(), learningRate, scope);
        return outcome;
    }

    private void evaluate(double epochsDone) throws IOException {
        RobustnessReport report =
                evaluator.evaluate(model, trainer.config().selection().heldOut(), trainer.heldOutAttack());
        double robust = report.robustAccuracy();
        boolean best = bestStep < 0 || robust > bestRobustAccuracy;
        if (best) {
            bestRobustAccuracy = robust;
            bestStep = globalStep;
            if (trainer.config().selection().output() != null) {
                model.save(trainer.config().selection().output());
            }
        }
        lastEvaluatedStep = globalStep;
        HeldOutEvaluation evaluation = new HeldOutEvaluation(
                globalStep,
                epochsDone,
                report.sampleCount(),
                report.cleanCorrectCount(),
                report.robustCount(),
                report.attackDescription(),
                best);
        evaluations.add(evaluation);
        trainer.config().listener().onEvaluation(evaluation);
        collapse.onEvaluation(globalStep, report.cleanCorrectCount(), report.sampleCount())
                .ifPresent(trainer.config().listener()::onCollapse);
    }

    private void checkpoint(NDManager manager, ParameterUpdater updater, int epochsDone, int batchesDone)
            throws IOException {
        TrainingCheckpoint checkpoint;
        try (NDManager scope = manager.newSubManager()) {
            checkpoint = store.write(
                    model,
                    updater.state(scope),
                    epochsDone,
                    batchesDone,
                    globalStep,
                    trainer.identity(trainingSet),
                    bestRobustAccuracy,
                    bestStep);
        }
        trainer.config().listener().onCheckpoint(checkpoint);
    }

    private static void restore(ParameterUpdater updater, NDManager manager, Path file) throws IOException {
        try (NDManager scope = manager.newSubManager();
                InputStream in = Files.newInputStream(file)) {
            updater.restore(NDList.decode(scope, in), file.toString());
        }
    }

    /** A seeded Fisher-Yates shuffle of {@code 0..n-1}. */
    static int[] permutation(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
