package io.robustunit.cli;

import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.EvaluationBackend;
import io.robustunit.eval.EvaluationBackends;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.Shard;
import io.robustunit.io.AtomicFiles;
import io.robustunit.io.FileDigests;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.ExpectationOverTransformation;
import io.robustunit.model.InputContract;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import io.robustunit.validity.BlackBoxProbe;
import io.robustunit.validity.ValidityChecks;
import io.robustunit.validity.ValidityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code robustunit evaluate}: robust accuracy of a TorchScript model under one attack; prints a
 * summary and writes the JSON report.
 */
final class EvaluateCommand implements Command {

    /** The value of {@code --data} that selects the installed Fashion-MNIST test split. */
    public static final String FASHION_MNIST = "fashion-mnist";

    static final int DEFAULT_BATCH = 200;
    static final Duration LOG_LINE_INTERVAL = Duration.ofSeconds(10);

    private final AttackCatalog attacks;
    private final Options options;

    /** The command with RobustUnit's standard attacks. */
    public EvaluateCommand() {
        this(new StandardAttacks());
    }

    /** The command with another set of attacks (e.g. for tests or extensions). */
    public EvaluateCommand(AttackCatalog attacks) {
        this.attacks = Objects.requireNonNull(attacks, "attacks");
        this.options = DataOptions.declare(Options.builder(name()), "evaluation data (test split)")
                .value(
                        "model",
                        "FILE",
                        "TorchScript classifier (torch.jit.save), inputs in [0, 1];"
                                + " or an ONNX export (.onnx: square or --transfer-from only)")
                .value("limit", "N", "evaluate the first N images (default: all)")
                .flag("stratified", "with --limit: a class-stratified sample drawn with --seed")
                .value("attack", "NAME", String.join("|", attacks.names()))
                .value(
                        "transfer-from",
                        "FILE",
                        "transfer attack: craft with --attack on this"
                                + " TorchScript twin of the model, score on --model")
                .value("norm", "linf|l2", "threat model norm (default linf)")
                .value("eps", "E", "threat model radius: >= 0, at most 1 for linf")
                .value("steps", "N", "attack iterations (queries for square); attack default if omitted")
                .value("step-size", "S", "attack step size, > 0; attack default if omitted")
                .value("seed", "N", "base seed of the attack (default 0)")
                .value("batch", "N", "samples per batch (default " + DEFAULT_BATCH + ")")
                .value("threads", "N", "PyTorch intra-op threads (default: all cores)")
                .value(
                        "workers",
                        "N",
                        "threads that run the 16-row pieces of each forward/gradient call at once"
                                + " (default 1); on C cores --workers C --threads 1 is usually fastest;"
                                + " results do not change")
                .value("json", "FILE", "write the JSON report here (atomically)")
                .value(
                        "spark-master",
                        "URL",
                        "run the evaluation on Spark (local[2], spark://host:7077,"
                                + " yarn, ...): one task per partition; needs robustunit-spark on the class path")
                .value(
                        "spark-partitions",
                        "N",
                        "with --spark-master: shards/tasks (default: Spark's" + " default parallelism)")
                .value(
                        "eot",
                        "K",
                        "the model is random at evaluation time: average gradients and scores over K"
                                + " draws (EOT), count a sample right only if K repeated predictions are")
                .value(
                        "probe-queries",
                        "N",
                        "Square queries of the black-box probe of gradient attacks" + " (default "
                                + BlackBoxProbe.defaults().queries() + ")")
                .value(
                        "silence",
                        "KIND=REASON[;...]",
                        "accept findings of a validity check deliberately;" + " the reason is recorded")
                .value(
                        "shard",
                        "I/K",
                        "evaluate only shard I of K (0-based: the images at positions"
                                + " I, I+K, ... of the selection); combine the K reports with robustunit merge")
                .build();
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "robust accuracy of a model under an attack, with a JSON report";
    }

    @Override
    public String usage() {
        return "Usage: robustunit evaluate --model FILE --data fashion-mnist|DIR --attack NAME"
                + " --eps E [options]\n\n"
                + "Runs the attack against every selected image and prints clean and robust"
                + " accuracy (with\ncount and exact 95% interval), the attack success rate, a"
                + " per-class table and the wall\ntime. Progress goes to stderr.\n\n"
                + "Then runs the validity checks (docs/gradient-checks.md): probability outputs, random\n"
                + "logits, zero/shattered/vanishing/exploding gradients, a model that changes during the\n"
                + "evaluation, and a black-box probe (Square on the samples a gradient attack left robust).\n"
                + "Exit status: 0 valid, 3 INVALID (the findings are printed and in the JSON report),\n"
                + "2 bad arguments, 1 errors.\n\n"
                + "Options:\n" + options.help()
                + "\nExample:\n  robustunit evaluate --model model.pt --data fashion-mnist --limit 1000"
                + " --attack pgd \\\n      --norm linf --eps 0.1 --steps 20 --seed 0 --json"
                + " target/robustness.json\n";
    }

    @Override
    public int run(List<String> args, CommandIo io) throws Exception {
        ParsedOptions parsed = options.parse(args);
        if (parsed.helpRequested()) {
            io.out().print(usage());
            return 0;
        }
        Path modelFile = Path.of(parsed.requiredString("model"));
        parsed.requiredString("data");
        DataOptions dataOptions = DataOptions.parse(parsed, null);
        String attackName = parsed.choice("attack", attacks.names()).orElseThrow(() -> parsed.missing("attack"));
        double eps = parsed.decimal("eps", v -> v >= 0, "a number >= 0 (at most 1 for linf)")
                .orElseThrow(() -> parsed.missing("eps"));
        Norm norm = Norm.parse(parsed.choice("norm", List.of("linf", "l2")).orElse("linf"));
        OptionalInt limit = parsed.integer("limit", 1, Integer.MAX_VALUE);
        boolean stratified = parsed.flag("stratified");
        if (stratified && limit.isEmpty()) {
            throw new UsageException("--stratified needs --limit N (the size of the sample)");
        }
        long seed = parsed.longInteger("seed").orElse(0);
        int batch = parsed.integer("batch", 1, 100_000).orElse(DEFAULT_BATCH);
        OptionalInt threads = parsed.integer("threads", 1, 1024);
        OptionalInt workers = parsed.integer("workers", 1, 1024);
        Path json = parsed.string("json").map(Path::of).orElse(null);
        int[] shard = null;
        if (parsed.has("shard")) {
            try {
                shard = Shard.parseSpec(parsed.requiredString("shard"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("option --shard: " + e.getMessage(), e);
            }
        }
        if (json != null && Files.isDirectory(json)) {
            throw new UsageException("option --json: " + json + " is a directory; give a file name");
        }
        ThreatModel threatModel;
        try {
            float[] range = dataOptions.range();
            threatModel = ThreatModel.of(norm, eps).withInputRange(range[0], range[1]);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --eps: " + e.getMessage(), e);
        }
        AttackSpec spec = new AttackSpec(
                attackName,
                threatModel,
                parsed.integer("steps", 1, 1_000_000),
                parsed.decimal("step-size", v -> v > 0, "a number > 0"),
                seed);
        if (!Files.isRegularFile(modelFile)) {
            throw new UsageException("option --model: " + modelFile + " does not exist or is not a" + " file");
        }
        Attack attack = attacks.create(spec);
        ValidityChecks checks = validityChecks(parsed);
        OptionalInt eot = parsed.integer("eot", 1, 10_000);
        Path twinFile = parsed.string("transfer-from").map(Path::of).orElse(null);
        if (twinFile != null && !Files.isRegularFile(twinFile)) {
            throw new UsageException("option --transfer-from: " + twinFile + " does not exist or is"
                    + " not a file (a TorchScript twin of --model, e.g. model.pt)");
        }

        LabeledImages data = dataOptions.read("data", FashionMnist.Split.TEST);
        if (limit.isPresent()) {
            data = stratified ? data.stratified(limit.getAsInt(), seed) : data.first(limit.getAsInt());
        }
        if (threads.isPresent()) {
            RobustUnitEngine.setIntraOpThreads(threads.getAsInt());
        }
        workers.ifPresent(RobustUnitEngine::setForwardWorkers);
        InputContract contract = dataOptions.contract(data);
        RobustnessReport report;
        ValidityReport validity;
        try (Classifier loaded = Classifiers.load(modelFile, contract);
                Classifier twin = twinFile == null ? null : Classifiers.torchScript(twinFile, contract)) {
            Classifier model = eot.isPresent() && eot.getAsInt() > 1
                    ? ExpectationOverTransformation.of(loaded, eot.getAsInt())
                    : loaded;
            if (twin != null) {
                attack = Attacks.transfer(attack, twin);
            } else if (attack.needsGradients() && !model.hasInputGradients()) {
                throw new UsageException(Attacks.noGradients(attack.name(), model));
            }
            ValidityReport modelFindings = checks.checkModel(model, data);
            RobustnessEvaluator.Builder builder = RobustnessEvaluator.builder();
            String sparkMaster = parsed.string("spark-master").orElse(null);
            OptionalInt sparkPartitions = parsed.integer("spark-partitions", 1, 1_000_000);
            if (sparkPartitions.isPresent() && sparkMaster == null) {
                throw new UsageException("--spark-partitions needs --spark-master URL");
            }
            if (sparkMaster != null) {
                if (shard != null) {
                    throw new UsageException("--shard and --spark-master exclude each other: Spark cuts"
                            + " the evaluation into --spark-partitions shards itself");
                }
                java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
                options.put("master", sparkMaster);
                sparkPartitions.ifPresent(p -> options.put("partitions", Integer.toString(p)));
                threads.ifPresent(t -> options.put("threadsPerTask", Integer.toString(t)));
                EvaluationBackend backend;
                try {
                    backend = EvaluationBackends.create("spark", options);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("option --spark-master: " + e.getMessage(), e);
                }
                builder.backend(backend);
                io.err().println("evaluating on " + backend.describe());
            } else {
                builder.backend(null).listener(new ProgressBar(io.err(), io.errIsTerminal(), LOG_LINE_INTERVAL));
            }
            RobustnessEvaluator evaluator = builder.batchSize(batch)
                    .modelName(modelFile.getFileName().toString())
                    .modelSha256(FileDigests.sha256(modelFile))
                    .build();
            if (shard != null && shard[1] > data.size()) {
                throw new UsageException("option --shard " + shard[0] + "/" + shard[1] + ": " + data.size()
                        + " images make at most " + data.size() + " shards");
            }
            report = shard == null
                    ? evaluator.evaluate(model, data, attack)
                    : evaluator.evaluateShard(model, data, attack, shard[0], shard[1]);
            validity = modelFindings.and(checks.checkEvaluation(model, data, attack, report));
        }
        io.out().print(report.summary());
        if (shard != null) {
            io.out()
                    .println("\nShard " + shard[0] + "/" + shard[1] + ": " + report.sampleCount()
                            + " of " + data.size() + " images; combine the " + shard[1]
                            + " shard reports with robustunit merge");
        }
        io.out().println();
        ValidityOutput.print(io.out(), validity);
        if (json != null) {
            AtomicFiles.writeString(json, ValidityOutput.withValidity(report.toJson(), validity));
            io.out().println("\nJSON report: " + json);
        }
        return validity.isValid() ? RobustUnitCli.OK : RobustUnitCli.INVALID;
    }

    /** The default validity checks with the probe budget and silenced kinds of the command line. */
    static ValidityChecks validityChecks(ParsedOptions parsed) {
        ValidityChecks checks = ValidityChecks.defaults();
        OptionalInt queries = parsed.integer("probe-queries", 1, 1_000_000);
        if (queries.isPresent()) {
            checks = checks.withProbe(
                    BlackBoxProbe.defaults().withBudget(BlackBoxProbe.defaults().samples(), queries.getAsInt()));
        }
        if (parsed.has("silence")) {
            checks = ValidityOutput.silence(checks, parsed.requiredString("silence"));
        }
        return checks;
    }
}
