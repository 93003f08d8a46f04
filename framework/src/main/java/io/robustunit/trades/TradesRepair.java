package io.robustunit.trades;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Repairs a Fashion-MNIST TorchScript model that fails its robustness gate, and measures the repair:
 * clean and PGD-20 robust accuracy on a test set before and after TRADES fine-tuning.
 *
 * <pre>
 * java ... io.robustunit.trades.TradesRepair --model natural.pt --data fashion-mnist --eps 0.1 \
 *     --beta 6 --epochs 2 --out fixed.pt
 * </pre>
 *
 * <p>Options (defaults in brackets): {@code --model FILE}, {@code --out FILE} (required);
 * {@code --data fashion-mnist|DIR} [fashion-mnist: {@link FashionMnist#locate()}];
 * {@code --norm linf|l2} [linf]; {@code --eps} [0.1]; {@code --objective trades|madry} [trades];
 * {@code --beta} [6]; {@code --epochs} [1]; {@code --batch} [128]; {@code --lr} [0.01];
 * {@code --lr-decay-at EPOCHS} and {@code --lr-decay-factor} [0.1]; {@code --optimizer sgd|adam} [sgd]; {@code --momentum} [0.9];
 * {@code --weight-decay} [0]; {@code --inner-steps} [10]; {@code --inner-step-size} [eps/4];
 * {@code --train-size N} [all training images not held out]; {@code --held-out N} [1000, drawn
 * from the training split]; {@code --eval-every STEPS} [0: end of each epoch]; {@code --seed} [0];
 * {@code --checkpoint-dir DIR}; {@code --resume} (continue from the checkpoint there);
 * {@code --test-dir DIR} [the Fashion-MNIST test split's first {@code --test-size} images];
 * {@code --test-size N} [1000]; {@code --threads N} [PyTorch's default]; {@code --print-every STEPS} [10].
 */
public final class TradesRepair {

    private static final InputContract FASHION_MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    private TradesRepair() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: TradesRepair --model FILE --out FILE [--data fashion-mnist|DIR] [--eps 0.1]"
                    + " [--beta 6] [--epochs N] ... (see the class javadoc)");
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out) ? 0 : 1);
    }

    /** Trains and measures; returns true when the output was written. */
    public static boolean run(Options o, PrintStream out) throws Exception {
        RobustUnitEngine.pytorch();
        if (o.threads() > 0) {
            RobustUnitEngine.setIntraOpThreads(o.threads());
        }
        Path dataDir = "fashion-mnist".equals(o.data()) ? FashionMnist.locate() : Path.of(o.data());
        LabeledImages train = FashionMnist.load(dataDir, FashionMnist.Split.TRAIN);
        LabeledImages test = o.testDir() != null
                ? FashionMnist.load(Path.of(o.testDir()), FashionMnist.Split.TEST).first(o.testSize())
                : FashionMnist.load(dataDir, FashionMnist.Split.TEST).first(o.testSize());
        LabeledImages[] split = splitHeldOut(train, o.heldOut(), o.trainSize(), o.seed());
        ThreatModel threat = ThreatModel.of(o.norm(), o.eps());
        TradesTrainer trainer = o.trainer(threat, split[1], out);
        out.printf(Locale.ROOT, "%s%n  training on %d images, held-out %d, test %d (%s)%n", trainer,
                split[0].size(), split[1].size(), test.size(), test.name());
        Attack pgd = ProbePgd.standard(threat, o.seed());

        Optional<TrainingCheckpoint> checkpoint = Optional.empty();
        if (o.resume()) {
            checkpoint = TrainingCheckpoint.latest(Path.of(o.checkpointDir()));
            if (checkpoint.isEmpty()) {
                throw new IOException("--resume: no checkpoint in " + o.checkpointDir());
            }
        }
        Path modelFile = checkpoint.map(TrainingCheckpoint::modelFile).orElse(Path.of(o.model()));
        long start = System.nanoTime();
        try (TrainableClassifier model = Classifiers.torchScript(modelFile, FASHION_MNIST)) {
            if (checkpoint.isEmpty()) {
                out.println("before: " + measure(model, test, pgd));
            }
            TrainingResult result = checkpoint.isPresent()
                    ? trainer.resume(model, split[0], checkpoint.get())
                    : trainer.fit(model, split[0]);
            out.printf(Locale.ROOT, "trained %d steps in %s; best held-out robust accuracy %.4f%n",
                    result.stepsThisRun(), TrainingStep.format(result.wallTime()), result.bestRobustAccuracy());
        }
        try (TrainableClassifier repaired = Classifiers.torchScript(Path.of(o.out()), FASHION_MNIST)) {
            out.println("after:  " + measure(repaired, test, pgd));
        }
        out.printf(Locale.ROOT, "wrote %s; total wall time %s%n", o.out(),
                TrainingStep.format(java.time.Duration.ofNanos(System.nanoTime() - start)));
        return true;
    }

    /** Clean and robust accuracy of {@code model} on {@code data} under {@code attack}. */
    static String measure(Classifier model, LabeledImages data, Attack attack) {
        long t0 = System.nanoTime();
        HeldOutProbe.Counts c;
        try (NDManager manager = NDManager.newBaseManager(model.device())) {
            c = new HeldOutProbe(data, attack, TradesTrainer.EVALUATION_BATCH_SIZE).measure(model, manager);
        }
        return String.format(Locale.ROOT, "clean %d/%d (%.1f%%), robust %d/%d (%.1f%%) under %s [%.0fs]",
                c.cleanCorrect(), c.samples(), 100.0 * c.cleanCorrect() / c.samples(), c.robustCorrect(),
                c.samples(), 100.0 * c.robustCorrect() / c.samples(), attack, (System.nanoTime() - t0) / 1e9);
    }

    /** A seeded split of {@code all} into [training, held-out]; a non-positive trainSize takes the rest. */
    static LabeledImages[] splitHeldOut(LabeledImages all, int heldOut, int trainSize, long seed) {
        int[] order = TrainingSession.permutation(all.size(), Seeds.mix(seed, 17));
        int n = trainSize > 0 ? Math.min(trainSize, all.size() - heldOut) : all.size() - heldOut;
        if (heldOut < 0 || n < 1) {
            throw new IllegalArgumentException(
                    "cannot hold out " + heldOut + " of " + all.size() + " images and still train");
        }
        int[] held = Arrays.copyOfRange(order, 0, heldOut);
        int[] rest = Arrays.copyOfRange(order, heldOut, heldOut + n);
        Arrays.sort(held);
        Arrays.sort(rest);
        return new LabeledImages[] {
            all.select(rest, all.name() + " (training part)"), all.select(held, all.name() + " (held out)")
        };
    }

    /** Parsed command-line options. */
    public record Options(
            String model, String out, String data, Norm norm, double eps, Objective objective, double beta,
            int epochs, int batch, double lr, double lrDecayAt, double lrDecayFactor, double momentum,
            double weightDecay, int innerSteps, double innerStepSize, int trainSize, int heldOut,
            int evalEvery, long seed, String checkpointDir, boolean resume, String testDir, int testSize,
            int threads, int printEvery, OptimizerConfig.Kind optimizer) {

        /** @throws IllegalArgumentException naming the bad option */
        public static Options parse(String[] args) {
            Map<String, String> v = new LinkedHashMap<>();
            Iterator<String> it = List.of(args).iterator();
            while (it.hasNext()) {
                String key = it.next();
                if (!key.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + key + "'");
                }
                if (key.equals("--resume")) {
                    v.put(key, "true");
                    continue;
                }
                if (!it.hasNext()) {
                    throw new IllegalArgumentException(key + " needs a value");
                }
                v.put(key, it.next());
            }
            Options o = new Options(
                    required(v, "--model"), required(v, "--out"), v.getOrDefault("--data", "fashion-mnist"),
                    Norm.parse(v.getOrDefault("--norm", "linf")), number(v, "--eps", 0.1),
                    Objective.valueOf(v.getOrDefault("--objective", "trades").toUpperCase(Locale.ROOT)),
                    number(v, "--beta", TradesTrainer.DEFAULT_BETA), (int) number(v, "--epochs", 1),
                    (int) number(v, "--batch", TradesTrainer.DEFAULT_BATCH_SIZE),
                    number(v, "--lr", TradesTrainer.DEFAULT_LEARNING_RATE), number(v, "--lr-decay-at", -1),
                    number(v, "--lr-decay-factor", 0.1), number(v, "--momentum", 0.9),
                    number(v, "--weight-decay", 0), (int) number(v, "--inner-steps", TradesTrainer.DEFAULT_INNER_STEPS),
                    number(v, "--inner-step-size", Double.NaN), (int) number(v, "--train-size", 0),
                    (int) number(v, "--held-out", 1000), (int) number(v, "--eval-every", 0),
                    (long) number(v, "--seed", 0), v.get("--checkpoint-dir"), v.containsKey("--resume"),
                    v.get("--test-dir"), (int) number(v, "--test-size", 1000), (int) number(v, "--threads", 0),
                    (int) number(v, "--print-every", 10),
                    OptimizerConfig.Kind.valueOf(v.getOrDefault("--optimizer", "sgd").toUpperCase(Locale.ROOT)));
            for (String key : v.keySet()) {
                if (!KNOWN.contains(key)) {
                    throw new IllegalArgumentException("unknown option " + key);
                }
            }
            if (o.resume() && o.checkpointDir() == null) {
                throw new IllegalArgumentException("--resume needs --checkpoint-dir");
            }
            if (!Files.isRegularFile(Path.of(o.model()))) {
                throw new IllegalArgumentException("--model " + o.model() + " does not exist");
            }
            return o;
        }

        private static final List<String> KNOWN = List.of(
                "--model", "--out", "--data", "--norm", "--eps", "--objective", "--beta", "--epochs", "--batch",
                "--lr", "--lr-decay-at", "--lr-decay-factor", "--momentum", "--weight-decay", "--inner-steps",
                "--inner-step-size", "--train-size", "--held-out", "--eval-every", "--seed", "--checkpoint-dir",
                "--resume", "--test-dir", "--test-size", "--threads", "--print-every", "--optimizer");

        private static String required(Map<String, String> v, String key) {
            String s = v.get(key);
            if (s == null) {
                throw new IllegalArgumentException(key + " is required");
            }
            return s;
        }

        private static double number(Map<String, String> v, String key, double fallback) {
            String s = v.get(key);
            if (s == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, was '" + s + "'");
            }
        }

        TradesTrainer trainer(ThreatModel threat, LabeledImages heldOutSet, PrintStream out) {
            LearningRateSchedule schedule = LearningRateSchedule.piecewise(lr);
            if (lrDecayAt >= 0) {
                schedule = schedule.decayAt(lrDecayAt, lrDecayFactor);
            }
            TradesTrainer.Builder b = TradesTrainer.builder()
                    .threatModel(threat)
                    .objective(objective)
                    .beta(beta)
                    .epochs(epochs)
                    .batchSize(batch)
                    .learningRateSchedule(schedule)
                    .optimizer(optimizer == OptimizerConfig.Kind.ADAM
                            ? OptimizerConfig.adam().withWeightDecay(weightDecay)
                            : OptimizerConfig.sgd().withMomentum(momentum).withWeightDecay(weightDecay))
                    .innerSteps(innerSteps)
                    .seed(seed)
                    .evaluateEvery(evalEvery)
                    .output(Path.of(out()))
                    .listener(TrainingListener.printingTo(out, printEvery));
            if (!Double.isNaN(innerStepSize)) {
                b.innerStepSize(innerStepSize);
            }
            if (heldOutSet.size() > 0) {
                b.heldOut(heldOutSet);
            }
            if (checkpointDir != null) {
                b.checkpointDirectory(Path.of(checkpointDir));
            }
            return b.build();
        }
    }

}
