package io.robustunit.cli;

import io.robustunit.attack.Attack;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import io.robustunit.trades.LearningRateSchedule;
import io.robustunit.trades.OptimizerConfig;
import io.robustunit.trades.TradesTrainer;
import io.robustunit.trades.TrainingCheckpoint;
import io.robustunit.trades.TrainingListener;
import io.robustunit.trades.TrainingObjective;
import io.robustunit.trades.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * {@code robustunit trades}: repairs a TorchScript model that fails its robustness gate by TRADES
 * (or Madry PGD) fine-tuning on the training split, keeping the checkpoint with the best held-out
 * robust accuracy, and measures clean and PGD-20 robust accuracy on the test images before and
 * after.
 */
final class TradesCommand implements Command {

    static final int DEFAULT_HELD_OUT = 1000;
    static final int DEFAULT_TEST_SIZE = 1000;

    private final Options options = DataOptions.declare(Options.builder(name()), "training and test data")
            .value("model", "FILE", "TorchScript classifier to repair (torch.jit.save), inputs in [0, 1]")
            .value("out", "FILE", "where to write the repaired model (TorchScript, atomically)")
            .value("norm", "linf|l2", "threat model norm (default linf)")
            .value("eps", "E", "threat model radius, > 0 (default 0.1)")
            .value(
                    "objective",
                    "trades|madry|noise",
                    "TRADES (default), Madry PGD training, or Gaussian"
                            + " noise augmentation (randomized smoothing's training; needs --sigma)")
            .value(
                    "sigma",
                    "S",
                    "with --objective noise: standard deviation of the training noise, the"
                            + " sigma you will certify with")
            .value("beta", "B", "TRADES weight of the robustness term, >= 0 (default 6)")
            .value("epochs", "N", "passes over the training images (default 1)")
            .value("batch", "N", "images per step (default 128)")
            .value("optimizer", "sgd|adam", "default sgd (momentum 0.9)")
            .value("lr", "R", "learning rate, > 0 (default 0.01)")
            .value(
                    "lr-decay-at",
                    "EPOCHS",
                    "multiply the rate by --lr-decay-factor after this many" + " epochs (fractional allowed)")
            .value("lr-decay-factor", "F", "default 0.1")
            .value("momentum", "M", "SGD momentum in [0, 1) (default 0.9)")
            .value("weight-decay", "W", "L2 weight decay, >= 0 (default 0)")
            .value("inner-steps", "N", "inner maximisation steps (default 10)")
            .value(
                    "warmup-steps",
                    "N",
                    "ramp the learning rate and beta in over the first N steps (default "
                            + TradesTrainer.DEFAULT_WARMUP_STEPS + ", at most a fifth of the run; 0: no ramp)")
            .value("inner-step-size", "S", "inner step size, > 0 (default eps/4)")
            .value("train-size", "N", "train on N images of the training split (default: all not held out)")
            .value(
                    "held-out",
                    "N",
                    "training images held out for checkpoint selection (default " + DEFAULT_HELD_OUT + ")")
            .value(
                    "eval-every",
                    "STEPS",
                    "also evaluate the held-out images every STEPS steps" + " (default: end of each epoch)")
            .value(
                    "test",
                    "fashion-mnist|PATH",
                    "test images for the before/after measurement" + " (default: the test split of --data)")
            .value("test-size", "N", "the first N test images (default " + DEFAULT_TEST_SIZE + ")")
            .value("seed", "N", "base seed (default 0)")
            .value("checkpoint-dir", "DIR", "write resumable checkpoints here")
            .flag("resume", "continue from the latest checkpoint in --checkpoint-dir")
            .value("threads", "N", "PyTorch intra-op threads (default: all cores)")
            .value("print-every", "STEPS", "progress line every STEPS steps (default 10)")
            .build();

    @Override
    public String name() {
        return "trades";
    }

    @Override
    public String summary() {
        return "repair a model by TRADES fine-tuning, measured before and after";
    }

    @Override
    public String usage() {
        return "Usage: robustunit trades --model FILE --out FILE [options]\n\n"
                + "Fine-tunes the model with TRADES (Zhang et al., ICML 2019) against the threat model"
                + " on the\ntraining split, keeps the model with the best held-out PGD-20 robust"
                + " accuracy in --out, and\nprints clean and PGD-20 robust accuracy on the test images"
                + " before and after. Progress\ngoes to stderr.\n\n"
                + "Options:\n" + options.help()
                + "\nExample:\n  robustunit trades --model natural.pt --data fashion-mnist --eps 0.1"
                + " --beta 6 --epochs 1 \\\n      --out fixed.pt\n"
                + "  robustunit trades --model natural.pt --data fashion-mnist --objective noise --sigma 0.25"
                + " --norm l2 \\\n      --eps 0.25 --epochs 1 --lr 0.005 --out noise.pt   (then: robustunit certify"
                + " --model noise.pt --sigma 0.25)\n";
    }

    @Override
    public int run(List<String> args, CommandIo io) throws Exception {
        ParsedOptions p = options.parse(args);
        if (p.helpRequested()) {
            io.out().print(usage());
            return 0;
        }
        Path modelFile = Path.of(p.requiredString("model"));
        Path out = Path.of(p.requiredString("out"));
        if (!Files.isRegularFile(modelFile)) {
            throw new UsageException("option --model: " + modelFile + " does not exist or is not a file");
        }
        Norm norm = Norm.parse(p.choice("norm", List.of("linf", "l2")).orElse("linf"));
        double eps = p.decimal("eps", v -> v > 0, "a number > 0 (at most 1 for linf)")
                .orElse(0.1);
        DataOptions dataOptions = DataOptions.parse(p);
        ThreatModel threat;
        try {
            float[] range = dataOptions.range();
            threat = ThreatModel.of(norm, eps).withInputRange(range[0], range[1]);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --eps: " + e.getMessage(), e);
        }
        long seed = p.longInteger("seed").orElse(0);
        int heldOutSize = p.integer("held-out", 0, Integer.MAX_VALUE).orElse(DEFAULT_HELD_OUT);
        OptionalInt trainSize = p.integer("train-size", 1, Integer.MAX_VALUE);
        int testSize = p.integer("test-size", 1, Integer.MAX_VALUE).orElse(DEFAULT_TEST_SIZE);
        OptionalInt threads = p.integer("threads", 1, 1024);
        boolean resume = p.flag("resume");
        Optional<Path> checkpointDir = p.string("checkpoint-dir").map(Path::of);
        if (resume && checkpointDir.isEmpty()) {
            throw new UsageException("--resume needs --checkpoint-dir DIR");
        }
        TradesTrainer.Builder builder = trainer(p, threat, seed, out, io.err());
        checkpointDir.ifPresent(builder::checkpointDirectory);

        LabeledImages[] split =
                splitHeldOut(dataOptions.read("data", FashionMnist.Split.TRAIN), heldOutSize, trainSize, seed);
        LabeledImages test = dataOptions
                .read(p.has("test") ? "test" : "data", FashionMnist.Split.TEST)
                .first(testSize);
        if (split[1].size() > 0) {
            builder.heldOut(split[1]);
        }
        TradesTrainer trainer;
        try {
            trainer = builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        trainer.checkWritable();
        if (threads.isPresent()) {
            RobustUnitEngine.setIntraOpThreads(threads.getAsInt());
        }
        Optional<TrainingCheckpoint> checkpoint = Optional.empty();
        if (resume) {
            checkpoint = TrainingCheckpoint.latest(checkpointDir.get());
            if (checkpoint.isEmpty()) {
                throw new UsageException("--resume: no checkpoint in " + checkpointDir.get());
            }
        }
        PrintStream o = io.out();
        o.printf(
                Locale.ROOT,
                "%s%ntraining on %d images, %d held out, measuring on %d test images (%s)%n",
                trainer,
                split[0].size(),
                split[1].size(),
                test.size(),
                test.name());
        InputContract contract = dataOptions.contract(test);
        Attack pgd = TradesTrainer.defaultHeldOutAttack(threat, seed);
        long started = System.nanoTime();
        try (TrainableClassifier model = Classifiers.torchScript(
                checkpoint.map(TrainingCheckpoint::modelFile).orElse(modelFile), contract)) {
            if (checkpoint.isEmpty()) {
                o.println("before: " + measure(model, test, pgd, trainer));
            }
            TrainingResult result = checkpoint.isPresent()
                    ? trainer.resume(model, split[0], checkpoint.get())
                    : trainer.fit(model, split[0]);
            o.printf(
                    Locale.ROOT,
                    "trained %d steps in %s, best held-out robust accuracy %s%n",
                    result.stepsThisRun(),
                    format(result.wallTime()),
                    Double.isNaN(result.bestRobustAccuracy())
                            ? "n/a"
                            : String.format(Locale.ROOT, "%.3f", result.bestRobustAccuracy()));
        }
        try (Classifier repaired = Classifiers.torchScript(out, contract)) {
            o.println("after:  " + measure(repaired, test, pgd, trainer));
        }
        o.printf(Locale.ROOT, "wrote %s; wall time %s%n", out, format(Duration.ofNanos(System.nanoTime() - started)));
        return 0;
    }

    private static TradesTrainer.Builder trainer(
            ParsedOptions p, ThreatModel threat, long seed, Path out, PrintStream progress) {
        LearningRateSchedule schedule = LearningRateSchedule.piecewise(
                p.decimal("lr", v -> v > 0, "a number > 0").orElse(TradesTrainer.DEFAULT_LEARNING_RATE));
        OptionalDouble decayAt = p.decimal("lr-decay-at", v -> v >= 0, "a number of epochs >= 0");
        if (decayAt.isPresent()) {
            schedule = schedule.decayAt(
                    decayAt.getAsDouble(),
                    p.decimal("lr-decay-factor", v -> v > 0, "a number > 0").orElse(0.1));
        }
        double weightDecay =
                p.decimal("weight-decay", v -> v >= 0, "a number >= 0").orElse(0);
        OptimizerConfig optimizer =
                p.choice("optimizer", List.of("sgd", "adam")).orElse("sgd").equals("adam")
                        ? OptimizerConfig.adam().withWeightDecay(weightDecay)
                        : OptimizerConfig.sgd()
                                .withMomentum(p.decimal("momentum", v -> v >= 0 && v < 1, "a number in [0, 1)")
                                        .orElse(0.9))
                                .withWeightDecay(weightDecay);
        TradesTrainer.Builder b = TradesTrainer.builder()
                .threatModel(threat)
                .objective(objective(p))
                .beta(p.decimal("beta", v -> v >= 0, "a number >= 0").orElse(TradesTrainer.DEFAULT_BETA))
                .epochs(p.integer("epochs", 1, 100_000).orElse(1))
                .batchSize(p.integer("batch", 1, 100_000).orElse(TradesTrainer.DEFAULT_BATCH_SIZE))
                .optimizer(optimizer)
                .learningRateSchedule(schedule)
                .innerSteps(p.integer("inner-steps", 1, 100_000).orElse(TradesTrainer.DEFAULT_INNER_STEPS))
                .evaluateEvery(p.integer("eval-every", 0, Integer.MAX_VALUE).orElse(0))
                .seed(seed)
                .output(out)
                .listener(TrainingListener.printingTo(
                        progress, p.integer("print-every", 1, Integer.MAX_VALUE).orElse(10)));
        p.decimal("inner-step-size", v -> v > 0, "a number > 0").ifPresent(b::innerStepSize);
        p.integer("warmup-steps", 0, Integer.MAX_VALUE).ifPresent(b::warmupSteps);
        OptionalDouble sigma = p.decimal("sigma", v -> v > 0 && Double.isFinite(v), "a number > 0, e.g. 0.25");
        if (objective(p) == TrainingObjective.GAUSSIAN_NOISE) {
            b.gaussianNoise(sigma.orElseThrow(() -> new UsageException(
                    "--objective noise needs --sigma S, the noise level you will certify with (e.g. 0.25)")));
        } else if (sigma.isPresent()) {
            throw new UsageException("--sigma applies to --objective noise only");
        }
        return b;
    }

    private static TrainingObjective objective(ParsedOptions p) {
        return switch (p.choice("objective", List.of("trades", "madry", "noise"))
                .orElse("trades")) {
            case "madry" -> TrainingObjective.MADRY;
            case "noise" -> TrainingObjective.GAUSSIAN_NOISE;
            default -> TrainingObjective.TRADES;
        };
    }

    /**
     * After noise training, clean accuracy and the smoothed classifier's accuracy (plurality of 32
     * noisy draws at the training sigma; certify for radii); otherwise {@link #measure(Classifier,
     * LabeledImages, Attack)}.
     */
    static String measure(Classifier model, LabeledImages data, Attack attack, TradesTrainer trainer) {
        if (trainer.objective() != TrainingObjective.GAUSSIAN_NOISE) {
            return measure(model, data, attack);
        }
        RobustnessReport clean = RobustnessEvaluator.builder()
                .batchSize(EvaluateCommand.DEFAULT_BATCH)
                .retainExamples(0)
                .build()
                .evaluate(
                        model,
                        data,
                        io.robustunit.attack.Attacks.none(
                                io.robustunit.threat.ThreatModel.linf(0).withInputRange(0f, 1f)));
        io.robustunit.certify.CertificationReport smoothed = io.robustunit.certify.Certifier.builder()
                .sigma(trainer.initialNoise())
                .draws(1, 32)
                .alpha(0.001)
                .seed(0)
                .build()
                .certify(model, data);
        return String.format(
                Locale.ROOT,
                "clean %d/%d (%.1f%%), under Gaussian noise sigma %s %d/%d (%.1f%%,"
                        + " plurality of 32 draws; robustunit certify gives radii)",
                clean.cleanCorrectCount(),
                clean.sampleCount(),
                100 * clean.cleanAccuracy(),
                trainer.initialNoise(),
                smoothed.smoothedCorrectCount(),
                smoothed.sampleCount(),
                100.0 * smoothed.smoothedCorrectCount() / smoothed.sampleCount());
    }

    /** Clean and robust accuracy, e.g. {@code clean 885/1000 (88.5%), robust 47/1000 (4.7%) under PGD(...)}. */
    static String measure(Classifier model, LabeledImages data, Attack attack) {
        RobustnessReport r = RobustnessEvaluator.builder()
                .batchSize(EvaluateCommand.DEFAULT_BATCH)
                .retainExamples(0)
                .build()
                .evaluate(model, data, attack);
        return String.format(
                Locale.ROOT,
                "clean %d/%d (%.1f%%), robust %d/%d (%.1f%%) under %s [%s]",
                r.cleanCorrectCount(),
                r.sampleCount(),
                100 * r.cleanAccuracy(),
                r.robustCount(),
                r.sampleCount(),
                100 * r.robustAccuracy(),
                r.attackDescription(),
                format(r.wallTime()));
    }

    /**
     * A seeded split of {@code all} into [training, held-out]: {@code heldOut} images held out, then
     * {@code trainSize} (default: the rest) for training, each in dataset order.
     */
    static LabeledImages[] splitHeldOut(LabeledImages all, int heldOut, OptionalInt trainSize, long seed) {
        int n = Math.min(trainSize.orElse(Integer.MAX_VALUE), all.size() - heldOut);
        if (n < 1) {
            throw new UsageException("cannot hold out " + heldOut + " of the " + all.size()
                    + " training images and still train on some");
        }
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] held = Arrays.copyOfRange(order, 0, heldOut);
        int[] train = Arrays.copyOfRange(order, heldOut, heldOut + n);
        Arrays.sort(held);
        Arrays.sort(train);
        return new LabeledImages[] {
            all.select(train, all.name() + " (training part)"), all.select(held, all.name() + " (held out)")
        };
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
