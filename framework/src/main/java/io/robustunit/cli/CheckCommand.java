package io.robustunit.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.io.AtomicFiles;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.ExpectationOverTransformation;
import io.robustunit.model.InputContract;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import io.robustunit.validity.ValidityChecks;
import io.robustunit.validity.ValidityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * {@code robustunit check}: only the validity checks of a model, without a full evaluation. Model
 * and gradient checks on the first images; with {@code --eps}, also a short PGD on them and the
 * black-box probe of its result. Exit status 0 when valid, 3 when a check found a reason not to
 * trust gradient-based evaluations of this model.
 */
final class CheckCommand implements Command {

    /** Images checked unless {@code --limit} says otherwise. */
    static final int DEFAULT_LIMIT = 100;

    private final Options options = DataOptions.declare(Options.builder(name()), "the images to check on (test split)")
            .value("model", "FILE", "TorchScript classifier (torch.jit.save), inputs in [0, 1]")
            .value("limit", "N", "check on the first N images (default " + DEFAULT_LIMIT + ")")
            .value("eps", "E", "also run PGD-20 at this L-inf radius and probe its result with Square")
            .value("eot", "K", "the model is random at evaluation time: check its EOT view over K draws")
            .value(
                    "silence",
                    "KIND=REASON[;...]",
                    "accept findings of a check deliberately; the reason" + " is recorded")
            .value("threads", "N", "PyTorch intra-op threads (default: all cores)")
            .value("json", "FILE", "write the findings as JSON here (atomically)")
            .build();

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "only the validity checks (obfuscated gradients, random or changing models, ...)";
    }

    @Override
    public String usage() {
        return "Usage: robustunit check --model FILE --data fashion-mnist|DIR [options]\n\n"
                + "Runs the validity checks of docs/gradient-checks.md on the first images: probability\n"
                + "outputs, random logits, zero/shattered/vanishing/exploding gradients; with --eps also a\n"
                + "PGD-20 on them, whether the model changed meanwhile, and a black-box probe (Square on\n"
                + "the samples PGD left robust). Prints the findings.\n"
                + "Exit status: 0 valid, 3 INVALID, 2 bad arguments, 1 errors.\n\n"
                + "Options:\n" + options.help()
                + "\nExample:\n  robustunit check --model model.pt --data fashion-mnist --eps 0.1\n";
    }

    @Override
    public int run(List<String> args, CommandIo io) throws Exception {
        ParsedOptions parsed = options.parse(args);
        if (parsed.helpRequested()) {
            io.out().print(usage());
            return RobustUnitCli.OK;
        }
        Path modelFile = Path.of(parsed.requiredString("model"));
        DataOptions dataOptions = DataOptions.parse(parsed, null);
        int limit = parsed.integer("limit", 1, Integer.MAX_VALUE).orElse(DEFAULT_LIMIT);
        OptionalDouble eps = parsed.decimal("eps", v -> v > 0 && v <= 1, "a number in (0, 1]");
        OptionalInt eot = parsed.integer("eot", 1, 10_000);
        OptionalInt threads = parsed.integer("threads", 1, 1024);
        Path json = parsed.string("json").map(Path::of).orElse(null);
        if (json != null && Files.isDirectory(json)) {
            throw new UsageException("option --json: " + json + " is a directory; give a file name");
        }
        ValidityChecks checks = ValidityChecks.defaults();
        if (parsed.has("silence")) {
            checks = ValidityOutput.silence(checks, parsed.requiredString("silence"));
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new UsageException("option --model: " + modelFile + " does not exist or is not a file");
        }
        LabeledImages data = dataOptions.read("data", FashionMnist.Split.TEST).first(limit);
        if (threads.isPresent()) {
            RobustUnitEngine.setIntraOpThreads(threads.getAsInt());
        }
        InputContract contract = dataOptions.contract(data);
        ValidityReport validity;
        String attackDescription = null;
        try (Classifier loaded = Classifiers.load(modelFile, contract)) {
            Classifier model = eot.isPresent() && eot.getAsInt() > 1
                    ? ExpectationOverTransformation.of(loaded, eot.getAsInt())
                    : loaded;
            validity = checks.checkModel(model, data);
            if (eps.isPresent() && model.hasInputGradients()) {
                Attack pgd = Attacks.pgd(ThreatModel.of(Norm.LINF, eps.getAsDouble()))
                        .steps(20);
                attackDescription = pgd.toString();
                RobustnessReport report = RobustnessEvaluator.builder()
                        .modelName(modelFile.getFileName().toString())
                        .build()
                        .evaluate(model, data, pgd);
                validity = validity.and(checks.checkEvaluation(model, data, pgd, report));
            }
        }
        io.out()
                .printf(
                        "Checked:         %s on the first %,d %s images%s%n",
                        modelFile.getFileName(),
                        data.size(),
                        data.name(),
                        attackDescription == null
                                ? " (model and gradient checks; add --eps E for the black-box probe)"
                                : " (model and gradient checks; " + attackDescription + " probed with Square)");
        ValidityOutput.print(io.out(), validity);
        if (json != null) {
            JsonObject root = new JsonObject();
            root.addProperty("format", "robustunit.validity-check");
            root.addProperty("formatVersion", 1);
            root.addProperty("model", modelFile.getFileName().toString());
            root.addProperty("dataset", data.name());
            root.addProperty("samples", data.size());
            root.addProperty("attack", attackDescription);
            root.add("validity", ValidityOutput.json(validity));
            AtomicFiles.writeString(
                    json,
                    new GsonBuilder()
                            .setPrettyPrinting()
                            .disableHtmlEscaping()
                            .serializeNulls()
                            .create()
                            .toJson(root));
            io.out().println("\nJSON: " + json);
        }
        return validity.isValid() ? RobustUnitCli.OK : RobustUnitCli.INVALID;
    }
}
