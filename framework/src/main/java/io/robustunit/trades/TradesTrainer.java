package io.robustunit.trades;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.cache.DatasetFingerprint;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.InputContract;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.ThreatModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Fine-tunes a {@link TrainableClassifier} to be robust inside a {@link ThreatModel}, with TRADES
 * (Zhang et al., "Theoretically Principled Trade-off between Robustness and Accuracy", ICML 2019) or
 * Madry et al.'s PGD adversarial training. Pass the same {@code ThreatModel} the failing gate uses.
 *
 * <pre>{@code
 * TradesTrainer trainer = TradesTrainer.builder()
 *         .threatModel(ThreatModel.linf(0.1))
 *         .beta(6)
 *         .epochs(2)
 *         .learningRateSchedule(LearningRateSchedule.piecewise(0.01).decayAt(1.5, 0.1))
 *         .heldOut(FashionMnist.train().first(1000))
 *         .output(Path.of("fixed.pt"))
 *         .listener(TrainingListener.printingTo(System.out, 20))
 *         .build();
 * try (TrainableClassifier model = Classifiers.torchScript(Path.of("model.pt"), contract)) {
 *     TrainingResult result = trainer.fit(model, trainingSet);
 * }
 * }</pre>
 *
 * <p>The settings are one validated value, a {@link TradesConfig} ({@link #config()}), with the
 * model selection and checkpoint policies as its parts: the builder builds it, {@link #of} takes one
 * built directly.
 *
 * <p><b>One step.</b> TRADES: the clean log-probabilities {@code log softmax f(x)} are computed in
 * evaluation mode; {@code x'} starts at {@code x + 0.001 * N(0, 1)} and takes {@link
 * Builder#innerSteps inner steps} of {@link Builder#innerStepSize size} up the per-sample
 * {@code KL(softmax f(x) || softmax f(x'))} (L-inf: sign of the gradient; L2: the gradient scaled to
 * unit length), each followed by {@link ThreatModel#project}. This runs through
 * {@link io.robustunit.model.Classifier#inputGradient}, in evaluation mode with parameters frozen,
 * so BatchNorm statistics do not move and no parameter gradient accumulates. Then, with parameters
 * unfrozen and their gradients zeroed, training-mode forward passes give
 * {@code CE(f(x), y) + beta * KL(softmax f(x) || softmax f(x'))} (KL summed over classes, both
 * terms averaged over the batch; {@code x'} detached, {@code f(x)} not; three forward passes,
 * {@code f(x)}, {@code f(x')}, {@code f(x)}, exactly as the paper's code, so BatchNorm statistics
 * move as there); its gradients update the parameters. One deviation: the start point is clipped
 * to the input range (the paper's code clips only after the first step), because a model's
 * {@link io.robustunit.model.InputContract} rejects out-of-range inputs. Madry: {@code x'} starts uniformly in the ball and climbs the
 * cross-entropy; the outer loss is {@code CE(f(x'), y)}.
 *
 * <p><b>Defaults</b> follow the paper: beta 6, 10 inner steps of {@code epsilon / 4}, start noise
 * 0.001, batch 128, SGD with momentum 0.9 and learning rate 0.01 (the MNIST setting); epochs
 * default to 10 (the paper trains from scratch for 100; fine-tuning needs far fewer).
 *
 * <p><b>Reproducible.</b> The batch order is drawn from the seed and the epoch, the start noise from
 * the seed and the step (with {@link java.util.SplittableRandom}); dropout draws from PyTorch's
 * generator, which is re-seeded from the seed and the step before each training forward pass. On the
 * same machine and thread count a run is bit-for-bit repeatable, and a run resumed from a {@link
 * TrainingCheckpoint} continues exactly as the uninterrupted run would have.
 *
 * <p><b>Outputs.</b> With a {@link Builder#heldOut held-out split} the model is evaluated at the end
 * of every epoch (and every {@link Builder#evaluateEvery} steps) and the {@link Builder#output
 * output} file is overwritten, atomically, each time the held-out robust accuracy improves; without
 * one, the output is the final model. The in-memory model is always the last one. The output and
 * checkpoint locations are checked for writability before training starts.
 */
@API(status = STABLE, since = "0.1")
public final class TradesTrainer {

    public static final double DEFAULT_BETA = 6.0;
    public static final int DEFAULT_INNER_STEPS = 10;

    /**
     * Steps over which the learning rate and beta ramp in linearly (step k of W trains with k/W of
     * each; at most a fifth of the run). Started from a natural model, the robustness term's first gradients are large; without
     * a ramp a one-epoch repair of an Adam-trained model sat at chance for its first ~150 of 461
     * steps. {@code 0} switches the ramp off.
     */
    public static final int DEFAULT_WARMUP_STEPS = 100;

    public static final double DEFAULT_INITIAL_NOISE = 0.001;
    public static final int DEFAULT_BATCH_SIZE = 128;
    public static final int DEFAULT_EPOCHS = 10;
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** Held-out evaluation batch size (memory only; results do not depend on it). */
    static final int EVALUATION_BATCH_SIZE = 200;

    private final TradesConfig config;

    private TradesTrainer(TradesConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A trainer with {@code config}'s settings. */
    public static TradesTrainer of(TradesConfig config) {
        return new TradesTrainer(config);
    }

    /** A builder of a trainer with the defaults above; only {@link Builder#threatModel} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** PGD-20 with a random start and step {@code 2.5 * epsilon / 20}, the held-out attack unless set. */
    public static Attack defaultHeldOutAttack(ThreatModel threatModel, long seed) {
        return Attacks.pgd(threatModel).steps(20).randomStart(true).seed(seed);
    }

    /**
     * Trains {@code model} in place on {@code trainingSet}.
     *
     * @throws IllegalArgumentException if the model cannot be trained or the data does not fit it
     * @throws IOException if the output or checkpoint location cannot be written (checked before
     *     training) or a write fails later
     */
    public TrainingResult fit(TrainableClassifier model, LabeledImages trainingSet) throws IOException {
        prepare(model, trainingSet);
        return new TrainingSession(this, model, trainingSet, null).run();
    }

    /**
     * Continues a run from {@code checkpoint}. {@code model} must have been loaded from
     * {@link TrainingCheckpoint#modelFile()}; this trainer must have the same {@link #settings()}
     * (the number of epochs may differ) and {@code trainingSet} must be the same set.
     */
    public TrainingResult resume(TrainableClassifier model, LabeledImages trainingSet, TrainingCheckpoint checkpoint)
            throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        List<String> differences = checkpoint.identity().differences(identity(trainingSet));
        if (!differences.isEmpty()) {
            boolean otherSet = differences.stream().allMatch(d -> d.startsWith("trainingSet"));
            if (otherSet && checkpoint.trainingSetSize() != trainingSet.size()) {
                throw new IllegalArgumentException(
                        "Checkpoint " + checkpoint.directory() + " was trained on " + checkpoint.trainingSetSize()
                                + " images but the training set " + trainingSet.name() + " has "
                                + trainingSet.size() + "; resume on the same training set");
            }
            throw new IllegalArgumentException(
                    otherSet
                            ? "Checkpoint " + checkpoint.directory()
                                    + " was trained on other images than the training set "
                                    + trainingSet.name() + " (same size, content digest "
                                    + checkpoint.identity().trainingSetSha256().substring(0, 12) + " vs "
                                    + DatasetFingerprint.of(trainingSet)
                                            .sha256()
                                            .substring(0, 12)
                                    + "); resume on the same training set"
                            : "Checkpoint " + checkpoint.directory() + " was written with different settings; resume"
                                    + " with the same ones. Checkpoint vs this trainer: "
                                    + String.join(", ", differences)
                                    + "\n  this trainer: " + settings());
        }
        prepare(model, trainingSet);
        return new TrainingSession(this, model, trainingSet, checkpoint).run();
    }

    private void prepare(TrainableClassifier model, LabeledImages trainingSet) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(trainingSet, "trainingSet");
        checkTrainable(model);
        InputContract contract = model.contract();
        checkData(trainingSet, contract, model.name(), "training set");
        LabeledImages heldOut = config.selection().heldOut();
        if (heldOut != null) {
            checkData(heldOut, contract, model.name(), "held-out set");
        }
        ThreatModel threatModel = config.threatModel();
        ThreatModel onModel = threatModel.resolvedFor(contract.min(), contract.max(), model.name());
        if (!onModel.equals(threatModel)) {
            throw new IllegalArgumentException(
                    "The trainer's threat model " + threatModel + " has no declared range and model "
                            + model.name() + " takes inputs in [" + contract.min() + ", " + contract.max()
                            + "]; build the trainer with threatModel.withInputRange(" + contract.min() + "f, "
                            + contract.max() + "f), the range its gates use");
        }
        checkWritable();
    }

    /**
     * Checks that the output file and checkpoint folder (if set) can be written; {@link #fit} and
     * {@link #resume} call this before training, callers may call it earlier.
     *
     * @throws IOException naming the location that cannot be written
     */
    public void checkWritable() throws IOException {
        Path output = config.selection().output();
        if (output != null) {
            Outputs.checkWritableFile(output, "output model file");
        }
        Path checkpointDirectory = config.checkpoints().directory();
        if (checkpointDirectory != null) {
            new CheckpointStore(checkpointDirectory).checkWritable();
        }
    }

    /** Fails, saying why, unless {@code model} has parameters that can require gradients. */
    static void checkTrainable(TrainableClassifier model) {
        List<NDArray> parameters = model.parameters();
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(
                    "Model " + model.name() + " has no parameters, so there is nothing to train: TRADES"
                            + " changes a model's weights. Check that the file holds the trained network"
                            + " (not a parameter-free wrapper).");
        }
        boolean any;
        try {
            model.setParametersTrainable(true);
            any = parameters.stream().anyMatch(TorchAutograd::requiresGradient);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Model " + model.name() + "'s parameters cannot be made trainable: " + e.getMessage()
                            + " (quantised or integer weights cannot be trained)",
                    e);
        } finally {
            model.setParametersTrainable(false);
        }
        if (!any) {
            throw new IllegalArgumentException(
                    "Model " + model.name() + " has " + parameters.size() + " parameters but none of them"
                            + " requires a gradient after setParametersTrainable(true), so training cannot"
                            + " change it. Its TrainableClassifier must unfreeze its parameters (TorchScript"
                            + " models are loaded with trainParam=true by Classifiers.torchScript).");
        }
    }

    private static void checkData(LabeledImages data, InputContract contract, String model, String what) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("The " + what + " " + data.name() + " is empty");
        }
        if (!data.imageShape().equals(contract.inputShape()) || data.numClasses() != contract.numClasses()) {
            throw new IllegalArgumentException(
                    "The " + what + " " + data.name() + " has images " + data.imageShape() + " and "
                            + data.numClasses() + " classes but model " + model + " expects "
                            + contract.inputShape() + " and " + contract.numClasses() + " classes");
        }
    }

    /**
     * Everything that shapes the training trajectory (not the epoch count, outputs, listener or
     * held-out evaluation); a checkpoint can only be resumed with the same settings.
     */
    public String settings() {
        if (config.objective() == TrainingObjective.GAUSSIAN_NOISE) {
            return String.format(
                    Locale.ROOT,
                    "%s sigma %s (held-out threat model %s), batch %d, %s, %s, seed %d",
                    config.objective(),
                    config.initialNoise(),
                    config.threatModel(),
                    config.batchSize(),
                    config.optimizer(),
                    config.schedule(),
                    config.seed());
        }
        return String.format(
                Locale.ROOT,
                "%s %s beta %s, %d inner steps of %s, start noise %s, batch %d, %s, %s, seed %d",
                config.objective(),
                config.threatModel(),
                config.beta(),
                config.innerSteps(),
                config.innerStepSize(),
                config.initialNoise(),
                config.batchSize(),
                config.optimizer(),
                scheduleText(),
                config.seed());
    }

    private String scheduleText() {
        return config.warmupSteps() > 0
                ? config.schedule() + ", lr and beta ramped in over " + config.warmupSteps()
                        + " steps (at most 1/5 of the run)"
                : config.schedule().toString();
    }

    /**
     * Everything that shapes the trajectory of training on {@code trainingSet}, as a value; a
     * checkpoint can only be resumed with an equal one.
     */
    public TrainingIdentity identity(LabeledImages trainingSet) {
        DatasetFingerprint data = DatasetFingerprint.of(trainingSet);
        return new TrainingIdentity(
                config.objective(),
                config.threatModel().norm(),
                config.threatModel().epsilon(),
                config.threatModel().min(),
                config.threatModel().max(),
                config.beta(),
                config.innerSteps(),
                config.innerStepSize(),
                config.initialNoise(),
                config.batchSize(),
                config.optimizer().toString(),
                scheduleText(),
                config.seed(),
                data.size(),
                data.sha256());
    }

    /** Every setting of this trainer, as a value. */
    public TradesConfig config() {
        return config;
    }

    public ThreatModel threatModel() {
        return config.threatModel();
    }

    public TrainingObjective objective() {
        return config.objective();
    }

    public double beta() {
        return config.beta();
    }

    /** Steps over which learning rate and beta ramp in ({@link #DEFAULT_WARMUP_STEPS}). */
    public int warmupSteps() {
        return config.warmupSteps();
    }

    /**
     * The share of the learning rate and beta that step {@code globalStep} (0-based) of a run of
     * {@code totalSteps} trains with: a linear ramp over {@link #warmupSteps()} steps, at most a
     * fifth of the run.
     */
    double warmupFactor(long globalStep, long totalSteps) {
        long ramp = Math.min(config.warmupSteps(), Math.max(0, totalSteps / 5));
        return ramp <= 0 || globalStep >= ramp ? 1.0 : (globalStep + 1) / (double) ramp;
    }

    public int innerSteps() {
        return config.innerSteps();
    }

    public double innerStepSize() {
        return config.innerStepSize();
    }

    public double initialNoise() {
        return config.initialNoise();
    }

    public int epochs() {
        return config.epochs();
    }

    public int batchSize() {
        return config.batchSize();
    }

    public OptimizerConfig optimizer() {
        return config.optimizer();
    }

    public LearningRateSchedule learningRateSchedule() {
        return config.schedule();
    }

    public long seed() {
        return config.seed();
    }

    /** The held-out attack ({@link #defaultHeldOutAttack} unless set), or null without a held-out set. */
    public Attack heldOutAttack() {
        return config.selection().heldOutAttack();
    }

    AdversarialStep newStep() {
        return new AdversarialStep(
                config.objective(),
                config.beta(),
                config.initialNoise(),
                new InnerMaximization(config.threatModel(), config.innerSteps(), config.innerStepSize()));
    }

    @Override
    public String toString() {
        return "TradesTrainer(" + settings() + ", " + config.epochs() + " epochs)";
    }

    /** Configures a {@link TradesTrainer}; only {@link #threatModel} is required. */
    public static final class Builder {

        private ThreatModel threatModel;
        private TrainingObjective objective = TrainingObjective.TRADES;
        private double beta = DEFAULT_BETA;
        private int warmupSteps = DEFAULT_WARMUP_STEPS;
        private int innerSteps = DEFAULT_INNER_STEPS;
        private double innerStepSize = Double.NaN;
        private double initialNoise = DEFAULT_INITIAL_NOISE;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private OptimizerConfig optimizer = OptimizerConfig.sgd();
        private LearningRateSchedule schedule = LearningRateSchedule.constant(DEFAULT_LEARNING_RATE);
        private long seed;
        private TrainingListener listener = TrainingListener.none();
        private LabeledImages heldOut;
        private Attack heldOutAttack;
        private int evaluateEvery;
        private Path output;
        private Path checkpointDirectory;
        private int checkpointEvery;

        private Builder() {}

        /** Required: the ball to be robust in, the same object the robustness gate uses. */
        public Builder threatModel(ThreatModel threatModel) {
            this.threatModel = Objects.requireNonNull(threatModel, "threatModel");
            return this;
        }

        /** TRADES (default) or Madry PGD training. */
        public Builder objective(TrainingObjective objective) {
            this.objective = Objects.requireNonNull(objective, "objective");
            return this;
        }

        /**
         * Ramps the learning rate and beta in linearly over the first {@code steps} steps (default
         * {@value TradesTrainer#DEFAULT_WARMUP_STEPS}; 0: no ramp).
         */
        public Builder warmupSteps(int steps) {
            this.warmupSteps = steps;
            return this;
        }

        /** TRADES only: weight of the robustness (KL) term, >= 0; 6 by default. */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Ascent steps of the inner maximisation, >= 1; 10 by default. */
        public Builder innerSteps(int innerSteps) {
            this.innerSteps = innerSteps;
            return this;
        }

        /** Size of one inner step, > 0; {@code epsilon / 4} by default. */
        public Builder innerStepSize(double innerStepSize) {
            this.innerStepSize = innerStepSize;
            return this;
        }

        /**
         * Gaussian noise augmentation ({@link TrainingObjective#GAUSSIAN_NOISE}, the training of randomized
         * smoothing) with noise of standard deviation {@code sigma} in pixel space: train with the
         * sigma the model will be certified with.
         */
        public Builder gaussianNoise(double sigma) {
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("noise sigma must be a finite number > 0, e.g. 0.25, was " + sigma);
            }
            this.objective = TrainingObjective.GAUSSIAN_NOISE;
            this.initialNoise = sigma;
            return this;
        }

        /**
         * TRADES: standard deviation of the Gaussian start noise, >= 0; 0.001 by default. Gaussian
         * noise augmentation: its sigma (see {@link #gaussianNoise}).
         */
        public Builder initialNoise(double initialNoise) {
            this.initialNoise = initialNoise;
            return this;
        }

        /** Passes over the training set, >= 1; 10 by default. */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Images per step, >= 1; 128 by default. The last batch of an epoch may be smaller. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** SGD with momentum 0.9 by default. */
        public Builder optimizer(OptimizerConfig optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** A constant learning rate, > 0; 0.01 by default. */
        public Builder learningRate(double learningRate) {
            this.schedule = LearningRateSchedule.constant(learningRate);
            return this;
        }

        /** A piecewise-constant learning rate. */
        public Builder learningRateSchedule(LearningRateSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** Base seed of every random choice; 0 by default. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Images held out from training, evaluated at the end of each epoch (and every {@link
         * #evaluateEvery} steps); the output keeps the model with the best robust accuracy on them.
         */
        public Builder heldOut(LabeledImages heldOut) {
            this.heldOut = Objects.requireNonNull(heldOut, "heldOut");
            return this;
        }

        /** The attack for held-out evaluation; {@link #defaultHeldOutAttack} by default. */
        public Builder heldOutAttack(Attack attack) {
            this.heldOutAttack = Objects.requireNonNull(attack, "attack");
            return this;
        }

        /** Also evaluate every {@code steps} steps (0, the default: only at the end of each epoch). */
        public Builder evaluateEvery(int steps) {
            this.evaluateEvery = steps;
            return this;
        }

        /** Where to write the trained model, in the format it was loaded from. */
        public Builder output(Path file) {
            this.output = Objects.requireNonNull(file, "output");
            return this;
        }

        /** A folder for resumable checkpoints, written at the end of each epoch. */
        public Builder checkpointDirectory(Path dir) {
            this.checkpointDirectory = Objects.requireNonNull(dir, "checkpointDirectory");
            return this;
        }

        /** Also checkpoint every {@code steps} steps (0, the default: only at the end of each epoch). */
        public Builder checkpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the first invalid setting and its valid range
         */
        public TradesTrainer build() {
            return new TradesTrainer(new TradesConfig(
                    threatModel,
                    objective,
                    beta,
                    warmupSteps,
                    innerSteps,
                    innerStepSize,
                    initialNoise,
                    epochs,
                    batchSize,
                    optimizer,
                    schedule,
                    seed,
                    listener,
                    new TradesConfig.Selection(output, heldOut, heldOutAttack, evaluateEvery),
                    new TradesConfig.Checkpoints(checkpointDirectory, checkpointEvery)));
        }
    }
}
