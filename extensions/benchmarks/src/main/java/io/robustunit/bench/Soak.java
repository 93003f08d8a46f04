package io.robustunit.bench;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attacks;
import io.robustunit.attack.Pgd;
import io.robustunit.cli.Options;
import io.robustunit.cli.ParsedOptions;
import io.robustunit.cli.UsageException;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.TrainableClassifier;
import io.robustunit.threat.ThreatModel;
import io.robustunit.trades.TradesTrainer;
import io.robustunit.trades.TrainingListener;
import io.robustunit.trades.TrainingResult;
import io.robustunit.trades.TrainingStep;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Long runs in one JVM that print resident memory over time and check that it stays flat once
 * warmed up: a leak of native (PyTorch) memory shows in VmRSS long before the Java heap notices.
 *
 * <pre>
 * java -cp ... io.robustunit.bench.Soak pgd [--images 50000] [--data all|test|DIR] [--eps 0.1]
 *     [--steps 10] [--step-size S] [--batch 200]
 * java -cp ... io.robustunit.bench.Soak trades [--train-size 60000] [--data DIR] [--eps 0.1]
 *     [--inner-steps 10] [--batch 128]
 *   both: [--model m.pt] [--threads 2] [--every 30] [--warmup 0.1] [--bound 0.1]
 * </pre>
 *
 * <p>{@code pgd} attacks {@code --images} images with PGD (L-inf, no random start), batch by
 * batch, cycling through the data: by default the installed Fashion-MNIST training then test split
 * (70,000 images), {@code test} for the test split only, or the test split of a folder.
 * {@code trades} trains one epoch with {@link TradesTrainer} (its defaults: beta 6, inner step
 * {@code eps / 4}, SGD 0.01) on the first {@code --train-size} training images (of the installed
 * Fashion-MNIST, or of a folder), starting from the model, and writes the trained model into a temporary folder that is deleted afterwards.
 *
 * <p>Both sample VmRSS and the Java heap after every batch or step and print a row every {@code
 * --every} seconds. At the end they print the minimum, maximum, spread ({@code (max - min) / min})
 * and trend of VmRSS over the samples taken after the warm-up (the first {@code --warmup} of the
 * work), and {@code PASS} if the spread is at most {@code --bound}. The exit status is 1 on FAIL,
 * 2 on a usage error.
 */
public final class Soak {

    private static final InputContract CONTRACT = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    private static final Path SAMPLE_MODEL = Path.of("sample-tests/src/test/resources/models/fashion-mnist-natural.pt");

    private static final Options PGD = common(Options.builder("soak pgd"))
            .value("images", "N", "images to attack (default 50000)")
            .value(
                    "data",
                    "all|test|DIR",
                    "Fashion-MNIST train+test (default), its test split, or the"
                            + " test split in DIR; cycled if shorter than --images")
            .value("steps", "N", "PGD steps (default 10)")
            .value("step-size", "S", "PGD step size (default 2.5 * eps / steps)")
            .value("batch", "N", "images per batch (default 200)")
            .build();
    private static final Options TRADES = common(Options.builder("soak trades"))
            .value("train-size", "N", "train one epoch on the first N training images (default 60000)")
            .value("data", "DIR", "the training split in DIR (default: the installed Fashion-MNIST)")
            .value("inner-steps", "N", "TRADES inner maximisation steps (default 10)")
            .value("batch", "N", "images per training step (default 128)")
            .build();

    private Soak() {}

    private static Options.Builder common(Options.Builder options) {
        return options.value("model", "FILE", "TorchScript model (default: the sample model)")
                .value("eps", "E", "L-inf radius (default 0.1)")
                .value("threads", "N", "PyTorch intra-op threads (default 2)")
                .value("every", "SECONDS", "print a row this often (default 30)")
                .value("warmup", "F", "fraction of the work not judged (default 0.1)")
                .value("bound", "F", "largest allowed (max - min) / min of VmRSS after warm-up (default 0.1)");
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the soak {@code args} ask for; returns the exit status: 0 PASS, 1 FAIL, 2 usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String mode = args.length == 0 ? "" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        try {
            Options options = switch (mode) {
                case "pgd" -> PGD;
                case "trades" -> TRADES;
                default -> throw new UsageException("the first argument must be pgd or trades, was '" + mode + "'");
            };
            ParsedOptions parsed = options.parse(rest);
            if (parsed.helpRequested()) {
                out.print(usage());
                return 0;
            }
            boolean pass = options == PGD ? pgd(parsed, out) : trades(parsed, out);
            return pass ? 0 : 1;
        } catch (UsageException e) {
            err.println("soak: " + e.getMessage());
            err.print(usage());
            return 2;
        }
    }

    private static String usage() {
        return "Usage: Soak pgd [options]\n" + PGD.help() + "Usage: Soak trades [options]\n" + TRADES.help();
    }

    private static boolean pgd(ParsedOptions o, PrintStream out) throws Exception {
        int images = o.integer("images", 1, Integer.MAX_VALUE).orElse(50_000);
        int batch = o.integer("batch", 1, Integer.MAX_VALUE).orElse(200);
        Pgd pgd = Attacks.pgd(threatModel(o))
                .steps(o.integer("steps", 1, Integer.MAX_VALUE).orElse(10));
        if (o.has("step-size")) {
            pgd = pgd.stepSize(
                    o.decimal("step-size", v -> v > 0, "a number > 0").getAsDouble());
        }
        List<LabeledImages> sources = pgdData(o.string("data").orElse("all"));
        setThreads(o);
        try (Classifier model = Classifiers.torchScript(model(o), CONTRACT)) {
            out.printf(
                    Locale.ROOT,
                    "RobustUnit soak: %s on %s, %,d images of %s (cycled), batch %d," + " intra-op threads %d%n",
                    pgd,
                    model.name(),
                    images,
                    String.join(" + ", sources.stream().map(Soak::describe).toList()),
                    batch,
                    RobustUnitEngine.intraOpThreads());
            MemoryTrace trace = MemoryTrace.start(out, "images", images, every(o));
            long start = System.nanoTime();
            int done = 0;
            int robust = 0;
            int source = 0;
            int offset = 0;
            while (done < images) {
                LabeledImages data = sources.get(source);
                int to = Math.min(Math.min(offset + batch, data.size()), offset + images - done);
                robust += PgdBenchmark.attack(model, pgd, data, offset, to);
                done += to - offset;
                offset = to;
                if (offset == data.size()) {
                    offset = 0;
                    source = (source + 1) % sources.size();
                }
                trace.record(done);
            }
            out.printf(
                    Locale.ROOT,
                    "robust accuracy %.4f (%d/%d), %.1f images/s%n",
                    (double) robust / done,
                    robust,
                    done,
                    done / ((System.nanoTime() - start) / 1e9));
            return verdict(trace, o);
        }
    }

    private static List<LabeledImages> pgdData(String data) throws IOException {
        return switch (data) {
            case "all" -> List.of(FashionMnist.train(), FashionMnist.test());
            case "test" -> List.of(FashionMnist.test());
            default -> List.of(FashionMnist.load(Path.of(data), FashionMnist.Split.TEST));
        };
    }

    private static boolean trades(ParsedOptions o, PrintStream out) throws Exception {
        int batch = o.integer("batch", 1, Integer.MAX_VALUE).orElse(128);
        LabeledImages train = (o.has("data")
                        ? FashionMnist.load(Path.of(o.requiredString("data")), FashionMnist.Split.TRAIN)
                        : FashionMnist.train())
                .first(o.integer("train-size", 1, Integer.MAX_VALUE).orElse(60_000));
        setThreads(o);
        Path output = Files.createTempDirectory("robustunit-soak-");
        try (TrainableClassifier model = Classifiers.torchScript(model(o), CONTRACT)) {
            TradesTrainer.Builder trainer = TradesTrainer.builder()
                    .threatModel(threatModel(o))
                    .innerSteps(
                            o.integer("inner-steps", 1, Integer.MAX_VALUE).orElse(TradesTrainer.DEFAULT_INNER_STEPS))
                    .batchSize(batch)
                    .epochs(1)
                    .output(output.resolve("trained.pt"));
            out.printf(
                    Locale.ROOT,
                    "RobustUnit soak: one epoch of %s on %s, starting from %s," + " intra-op threads %d%n",
                    trainer.build(),
                    describe(train),
                    model.name(),
                    RobustUnitEngine.intraOpThreads());
            MemoryTrace trace = MemoryTrace.start(out, "images", train.size(), every(o));
            TrainingStep[] last = new TrainingStep[1];
            TrainingResult result = trainer.listener(new TrainingListener() {
                        @Override
                        public void onStep(TrainingStep step) {
                            last[0] = step;
                            trace.record(Math.min((long) step.batch() * batch, train.size()));
                        }
                    })
                    .build()
                    .fit(model, train);
            out.printf(
                    Locale.ROOT,
                    "%d steps in %d s; last %s; trained model written (%,d bytes)," + " then deleted%n",
                    result.stepsThisRun(),
                    result.wallTime().toSeconds(),
                    last[0],
                    Files.size(output.resolve("trained.pt")));
            return verdict(trace, o);
        } finally {
            deleteRecursively(output);
        }
    }

    private static String describe(LabeledImages data) {
        return String.format(Locale.ROOT, "%s (%,d)", data.name(), data.size());
    }

    private static boolean verdict(MemoryTrace trace, ParsedOptions o) {
        double warmup = o.decimal("warmup", v -> v >= 0 && v < 1, "a fraction in [0, 1)")
                .orElse(0.1);
        double bound = o.decimal("bound", v -> v > 0, "a number > 0").orElse(0.1);
        return trace.finish(warmup, bound).pass();
    }

    private static ThreatModel threatModel(ParsedOptions o) {
        return ThreatModel.linf(
                o.decimal("eps", v -> v > 0 && v <= 1, "a number in (0, 1]").orElse(0.1));
    }

    private static Path model(ParsedOptions o) {
        return o.string("model").map(Path::of).orElse(SAMPLE_MODEL);
    }

    private static void setThreads(ParsedOptions o) {
        RobustUnitEngine.setIntraOpThreads(o.integer("threads", 1, 1024).orElse(2));
    }

    private static Duration every(ParsedOptions o) {
        return Duration.ofSeconds(o.integer("every", 1, Integer.MAX_VALUE).orElse(30));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
