package io.robustunit.maven;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.gate.RepairCommand;
import io.robustunit.io.AtomicFiles;
import io.robustunit.io.FileDigests;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * Repairs a model that failed a robustness gate: the bundled TRADES helper ({@code robustunit
 * trades}) fine-tunes it against the gate's threat model in a forked JVM, writes the repaired model
 * and a JSON sidecar (what it started from, how it was trained, before and after) atomically, and
 * prints clean and PGD-20 robust accuracy before and after. A failing gate's message ends with
 * this goal's exact command line.
 *
 * <pre>
 * mvn robustunit:repair -Drobustunit.model=src/test/resources/models/m.pt \
 *     -Drobustunit.data=src/test/resources/data/fm -Drobustunit.norm=linf -Drobustunit.eps=0.1
 * </pre>
 */
@Mojo(name = "repair", requiresProject = false, threadSafe = true)
@API(status = INTERNAL, since = "0.1")
public class RepairMojo extends AbstractMojo {

    /** The model to repair (TorchScript). */
    @Parameter(property = RepairCommand.MODEL, required = true)
    File model;

    /** The gate's data: before/after are measured on it, and it trains too if it has a training split. */
    @Parameter(property = RepairCommand.DATA)
    File data;

    /**
     * Training images: a folder with {@code train-images-idx3-ubyte[.gz]} and labels (default: the
     * gate's data if it has them, else the installed Fashion-MNIST).
     */
    @Parameter(property = "robustunit.trainData")
    String trainData;

    @Parameter(property = RepairCommand.NORM, defaultValue = "linf")
    String norm;

    @Parameter(property = RepairCommand.EPS, defaultValue = "0.1")
    double eps;

    /** The repaired model (default: {@code NAME-trades.pt} beside the model). */
    @Parameter(property = "robustunit.out")
    File out;

    @Parameter(property = "robustunit.epochs", defaultValue = "1")
    int epochs;

    /** Training images used (default: all not held out). */
    @Parameter(property = "robustunit.trainSize")
    Integer trainSize;

    /** Training images held out to select the best checkpoint. */
    @Parameter(property = "robustunit.heldOut")
    Integer heldOut;

    /** Test images for before/after. */
    @Parameter(property = "robustunit.testSize")
    Integer testSize;

    @Parameter(property = "robustunit.threads")
    Integer threads;

    /** Images per training step. */
    @Parameter(property = "robustunit.batch")
    Integer batch;

    /** Inner maximisation steps of TRADES (default 10). */
    @Parameter(property = "robustunit.innerSteps")
    Integer innerSteps;

    /** Steps over which learning rate and beta ramp in (default 100, at most a fifth of the run). */
    @Parameter(property = "robustunit.warmupSteps")
    Integer warmupSteps;

    /** More options for {@code robustunit trades}, e.g. {@code --beta 3 --lr 0.005}. */
    @Parameter(property = "robustunit.repair.args")
    String extraArgs;

    @Parameter(defaultValue = "${session.executionRootDirectory}", readonly = true)
    File root;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    PluginDescriptor plugin;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path dir = root.toPath().toAbsolutePath().normalize();
        Path modelFile = dir.resolve(model.toPath()).normalize();
        if (!Files.isRegularFile(modelFile)) {
            throw new MojoFailureException(RepairCommand.MODEL + ": " + modelFile + " does not exist or is not a file");
        }
        Path test = data == null ? null : dir.resolve(data.toPath()).normalize();
        if (test != null && !Files.isDirectory(test)) {
            throw new MojoFailureException(RepairCommand.DATA + ": " + test + " is not a folder with IDX files");
        }
        String train = trainData != null
                ? trainData
                : test != null && hasTrainingSplit(test) ? test.toString() : "fashion-mnist";
        String base = modelFile.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path output =
                out != null ? dir.resolve(out.toPath()).normalize() : modelFile.resolveSibling(base + "-trades.pt");
        Path sidecar = output.resolveSibling(output.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".json");

        List<String> args = new ArrayList<>(List.of(
                "trades",
                "--model",
                modelFile.toString(),
                "--out",
                output.toString(),
                "--data",
                train,
                "--norm",
                norm,
                "--eps",
                Scaffold.decimal(eps),
                "--epochs",
                Integer.toString(epochs)));
        if (test != null) {
            args.addAll(List.of("--test", test.toString()));
        }
        add(args, "--train-size", trainSize);
        add(args, "--held-out", heldOut);
        add(args, "--test-size", testSize);
        add(args, "--threads", threads);
        add(args, "--batch", batch);
        add(args, "--inner-steps", innerSteps);
        add(args, "--warmup-steps", warmupSteps);
        if (extraArgs != null && !extraArgs.isBlank()) {
            args.addAll(Arrays.asList(extraArgs.trim().split("\\s+")));
        }
        getLog().info("Repairing " + dir.relativize(modelFile) + " by TRADES against " + norm + " eps "
                + Scaffold.decimal(eps) + ", training on " + train + " (forked JVM)");
        List<String> lines = new ArrayList<>();
        int status = new ForkedJvm(plugin.getArtifacts()).cli(args, dir, line -> {
            lines.add(line);
            if (line.startsWith("TRADES collapse")) {
                getLog().warn(line);
            } else {
                getLog().info("  " + line);
            }
        });
        if (status != 0) {
            throw new MojoFailureException("the repair failed (exit status " + status + ", its output is above);" + " "
                    + output.getFileName() + " was not written");
        }
        try {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("base_model", modelFile.getFileName() + " (sha256 " + FileDigests.sha256(modelFile) + ")");
            facts.put("command", "robustunit " + String.join(" ", args));
            facts.put("threat_model", norm + " eps " + Scaffold.decimal(eps));
            facts.put("training_data", train);
            for (String prefix : List.of("before:", "after:", "trained ", "TRADES collapse")) {
                lines.stream()
                        .filter(l -> l.startsWith(prefix))
                        .reduce((a, b) -> b)
                        .ifPresent(l -> facts.put(
                                key(prefix),
                                l.substring(l.startsWith("trained") ? 0 : prefix.length())
                                        .trim()));
            }
            facts.put("written", Instant.now().toString());
            facts.put("sha256", FileDigests.sha256(output));
            AtomicFiles.writeString(
                    sidecar,
                    facts.entrySet().stream()
                            .map(e -> "  \"" + e.getKey() + "\": \"" + json(e.getValue()) + "\"")
                            .collect(Collectors.joining(",\n", "{\n", "\n}\n")));
            getLog().info("Before: " + facts.getOrDefault("test_before", "n/a"));
            getLog().info("After:  " + facts.getOrDefault("test_after", "n/a"));
            getLog().info("Wrote " + output + " and " + sidecar.getFileName());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write the sidecar " + sidecar + ": " + e.getMessage(), e);
        }
    }

    private static String key(String prefix) {
        return switch (prefix) {
            case "before:" -> "test_before";
            case "after:" -> "test_after";
            case "trained " -> "training";
            default -> "warning";
        };
    }

    static boolean hasTrainingSplit(Path dir) {
        return Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))
                || Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"));
    }

    private static void add(List<String> args, String option, Integer value) {
        if (value != null) {
            args.addAll(List.of(option, value.toString()));
        }
    }

    static String json(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
