package io.robustunit.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.robustunit.data.Batch;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifiers;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradesTrainerTest {

    static final ThreatModel LINF = ThreatModel.linf(0.1);

    NDManager manager = NDManager.newBaseManager();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        manager.close();
    }

    static TradesTrainer.Builder small() {
        return TradesTrainer.builder()
                .threatModel(LINF)
                .innerSteps(3)
                .batchSize(8)
                .epochs(1)
                .seed(7);
    }

    @Test
    void defaultsFollowThePaper() {
        TradesTrainer trainer = TradesTrainer.builder().threatModel(LINF).build();

        assertThat(trainer.objective()).isEqualTo(TrainingObjective.TRADES);
        assertThat(trainer.beta()).isEqualTo(6.0);
        assertThat(trainer.innerSteps()).isEqualTo(10);
        assertThat(trainer.innerStepSize()).isEqualTo(0.025);
        assertThat(trainer.initialNoise()).isEqualTo(0.001);
        assertThat(trainer.batchSize()).isEqualTo(128);
        assertThat(trainer.optimizer())
                .isEqualTo(OptimizerConfig.sgd().withMomentum(0.9).withWeightDecay(0));
        assertThat(trainer.learningRateSchedule()).isEqualTo(LearningRateSchedule.constant(0.01));
    }

    @Test
    void parameterGradientsDoNotLeakFromOneStepIntoTheNext() throws Exception {
        try (TrainableClassifier tiny = Fixtures.tradesCnn()) {
            AdversarialStep step = small().build().newStep();
            Batch b = Fixtures.randomImages(8, 1).batch(manager, 0, 8);
            NDArray oneHot = b.labels().oneHot(10);
            NDArray adversarial = step.adversarial(tiny, b.images(), oneHot, new SplittableRandom(1));

            List<float[]> first = values(step.outer(tiny, tiny.parameters(), b.images(), adversarial, oneHot, 3, 1.0));
            step.adversarial(tiny, b.images(), oneHot, new SplittableRandom(2));
            List<float[]> second = values(step.outer(tiny, tiny.parameters(), b.images(), adversarial, oneHot, 3, 1.0));

            assertThat(second).usingRecursiveComparison().isEqualTo(first);
            assertThat(first.get(0)).isNotEqualTo(new float[first.get(0).length]);
            assertThat(tiny.parameters())
                    .allSatisfy(
                            p -> assertThat(TorchAutograd.requiresGradient(p)).isFalse());
        }
    }

    private static List<float[]> values(AdversarialStep.Outcome outcome) {
        List<float[]> list = new ArrayList<>();
        for (NDArray g : outcome.gradients()) {
            list.add(g.toFloatArray());
        }
        return list;
    }

    @Test
    void trainingChangesTheParametersAndIsReproducibleForTheSameSeed() throws Exception {
        LabeledImages data = Fixtures.randomImages(24, 2);
        List<float[]> initial;
        List<float[]> first;
        List<float[]> second;
        List<float[]> otherSeed;
        try (TrainableClassifier a = Fixtures.tradesCnn();
                TrainableClassifier b = Fixtures.tradesCnn();
                TrainableClassifier c = Fixtures.tradesCnn()) {
            initial = Fixtures.snapshot(a);
            small().build().fit(a, data);
            small().build().fit(b, data);
            small().seed(8).build().fit(c, data);
            first = Fixtures.snapshot(a);
            second = Fixtures.snapshot(b);
            otherSeed = Fixtures.snapshot(c);
        }
        assertThat(first).usingRecursiveComparison().isNotEqualTo(initial);
        assertThat(second).usingRecursiveComparison().isEqualTo(first);
        assertThat(otherSeed).usingRecursiveComparison().isNotEqualTo(first);
    }

    @Test
    void aResumedRunEndsBitIdenticalToAnUninterruptedOne() throws Exception {
        LabeledImages data = Fixtures.randomImages(40, 4);
        TradesTrainer.Builder settings =
                small().epochs(2).optimizer(OptimizerConfig.adam()).learningRate(0.001);
        List<float[]> uninterrupted;
        try (TrainableClassifier model = Fixtures.tradesCnn()) {
            settings.build().fit(model, data);
            uninterrupted = Fixtures.snapshot(model);
        }
        Path checkpoints = dir.resolve("checkpoints");
        TradesTrainer crashing = small().epochs(2)
                .optimizer(OptimizerConfig.adam())
                .learningRate(0.001)
                .checkpointDirectory(checkpoints)
                .checkpointEvery(3)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(TrainingStep step) {
                        if (step.globalStep() == 7) {
                            throw new IllegalStateException("simulated crash");
                        }
                    }
                })
                .build();
        try (TrainableClassifier model = Fixtures.tradesCnn()) {
            assertThatThrownBy(() -> crashing.fit(model, data)).hasMessage("simulated crash");
        }

        TrainingCheckpoint checkpoint = TrainingCheckpoint.latest(checkpoints).orElseThrow();
        assertThat(checkpoint.globalStep()).isEqualTo(6);
        assertThat(checkpoint.epochsDone()).isEqualTo(1);
        assertThat(checkpoint.batchesDone()).isEqualTo(1);
        List<float[]> resumed;
        try (TrainableClassifier model = Classifiers.torchScript(checkpoint.modelFile(), Fixtures.MNIST)) {
            TrainingResult result = settings.build().resume(model, data, checkpoint);
            assertThat(result.globalSteps()).isEqualTo(10);
            assertThat(result.stepsThisRun()).isEqualTo(4);
            resumed = Fixtures.snapshot(model);
        }
        assertThat(resumed).usingRecursiveComparison().isEqualTo(uninterrupted);
    }

    @Test
    void theOutputKeepsTheModelWithTheBestHeldOutRobustAccuracyInTheLoadedFormat() throws Exception {
        Path out = dir.resolve("out/fixed.pt");
        List<HeldOutEvaluation> seen = new ArrayList<>();
        TradesTrainer trainer = small().epochs(2)
                .heldOut(Fixtures.randomImages(10, 5))
                .evaluateEvery(1)
                .output(out)
                .listener(new TrainingListener() {
                    @Override
                    public void onEvaluation(HeldOutEvaluation evaluation) {
                        seen.add(evaluation);
                    }
                })
                .build();
        try (TrainableClassifier model = Fixtures.tradesCnn()) {
            TrainingResult result = trainer.fit(model, Fixtures.randomImages(16, 6));

            assertThat(result.evaluations()).hasSize(4).isEqualTo(seen);
            double best = seen.stream()
                    .mapToDouble(HeldOutEvaluation::robustAccuracy)
                    .max()
                    .orElseThrow();
            assertThat(result.bestRobustAccuracy()).isEqualTo(best);
            assertThat(seen.get(0).best()).isTrue();
            assertThat(seen.get(0).attack()).startsWith("PGD(Linf eps=0.100, 20 steps");
        }
        try (TrainableClassifier reloaded = Classifiers.torchScript(out, Fixtures.MNIST)) {
            assertThat(reloaded.format()).isEqualTo(TrainableClassifier.Format.TORCHSCRIPT);
        }
    }

    @Test
    void withoutAHeldOutSetTheOutputIsTheFinalModel() throws Exception {
        Path out = dir.resolve("final.pt");
        try (TrainableClassifier model = Fixtures.tradesCnn()) {
            small().output(out).build().fit(model, Fixtures.randomImages(16, 6));
            NDArray x = Fixtures.randomImages(4, 1).batch(manager, 0, 4).images();
            try (TrainableClassifier reloaded = Classifiers.torchScript(out, Fixtures.MNIST)) {
                assertThat(reloaded.logits(x).toFloatArray())
                        .containsExactly(model.logits(x).toFloatArray());
            }
        }
    }

    static Block linearBlock() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    @Test
    void aDjlBlockModelIsTrainedAndWrittenBackAsDjlParameters() throws Exception {
        Path out = dir.resolve("fixed.params");
        NDArray x = Fixtures.randomImages(4, 1).batch(manager, 0, 4).images();
        try (TrainableClassifier model = Classifiers.djl(linearBlock(), "linear", Fixtures.MNIST)) {
            List<float[]> before = Fixtures.snapshot(model);

            small().threatModel(ThreatModel.l2(1.0)).output(out).build().fit(model, Fixtures.randomImages(16, 6));

            assertThat(Fixtures.snapshot(model)).usingRecursiveComparison().isNotEqualTo(before);
            try (TrainableClassifier reloaded = Classifiers.djl(linearBlock(), out, Fixtures.MNIST)) {
                assertThat(reloaded.format()).isEqualTo(TrainableClassifier.Format.DJL);
                assertThat(reloaded.logits(x).toFloatArray())
                        .containsExactly(model.logits(x).toFloatArray());
            }
        }
    }

    @Test
    void madryTrainingChangesTheModelAndReportsOnlyTheAdversarialLoss() throws Exception {
        List<TrainingStep> steps = new ArrayList<>();
        try (TrainableClassifier model = Fixtures.tradesCnn()) {
            List<float[]> before = Fixtures.snapshot(model);
            small().objective(TrainingObjective.MADRY)
                    .listener(new TrainingListener() {
                        @Override
                        public void onStep(TrainingStep step) {
                            steps.add(step);
                        }
                    })
                    .build()
                    .fit(model, Fixtures.randomImages(16, 6));
            assertThat(Fixtures.snapshot(model)).usingRecursiveComparison().isNotEqualTo(before);
        }
        assertThat(steps).hasSize(2).allSatisfy(s -> {
            assertThat(s.naturalLoss()).isNaN();
            assertThat(s.robustLoss()).isPositive().isEqualTo(s.loss());
        });
        assertThat(steps.get(1).toString()).contains("epoch 1/1 batch 2/2");
    }
}
