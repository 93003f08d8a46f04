package io.robustunit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.io.FileDigests;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustUnitCliTest {

    static final Path TINY_CNN = Path.of("src/test/resources/models/tiny-cnn.pt");
    static final int IMAGES = 12;

    @TempDir
    static Path dataDir;

    @TempDir
    Path out;

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final CommandIo io = new CommandIo(print(stdout), print(stderr), false);
    final CommandRegistry registry = CommandRegistry.of(new EvaluateCommand(new TestAttacks()));

    /** Twelve random 28x28 images with labels 0..9, as an IDX test split. */
    @BeforeAll
    static void writeIdxTestSplit() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        byte[] pixels = new byte[IMAGES * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        byte[] labels = new byte[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            labels[i] = (byte) (i % 10);
        }
        writeIdx(dataDir.resolve("t10k-images-idx3-ubyte"), new int[] {IMAGES, 28, 28}, pixels);
        writeIdx(dataDir.resolve("t10k-labels-idx1-ubyte"), new int[] {IMAGES}, labels);
        // a folder not named like Fashion-MNIST gets its class names from classes.txt
        Files.write(dataDir.resolve("classes.txt"), FashionMnist.CLASS_NAMES);
    }

    static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
            o.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                o.writeInt(d);
            }
            o.write(data);
        }
    }

    static PrintStream print(OutputStream s) {
        return new PrintStream(s, true, StandardCharsets.UTF_8);
    }

    int run(String... args) {
        return RobustUnitCli.run(args, io, registry);
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    List<String> evaluate(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "evaluate",
                "--model",
                TINY_CNN.toString(),
                "--data",
                dataDir.toString(),
                "--attack",
                "brighten",
                "--eps",
                "0.3"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void evaluatePrintsTheSummaryWritesTheJsonAndMatchesTheLibrary() throws Exception {
        Path json = out.resolve("reports/robustness.json");

        int exit = run(evaluate("--limit", "10", "--batch", "4", "--seed", "3", "--json", json.toString())
                .toArray(String[]::new));

        assertThat(exit).as(err()).isZero();
        RobustnessReport report = RobustnessReport.readJson(json);
        assertThat(report.sampleCount()).isEqualTo(10);
        assertThat(report.modelName()).isEqualTo("tiny-cnn.pt");
        assertThat(report.modelSha256()).contains(FileDigests.sha256(TINY_CNN));
        assertThat(report.attackDescription()).isEqualTo("Brighten(Linf eps=0.300, seed 3)");
        assertThat(report.seed()).isEqualTo(3);
        assertThat(out())
                .contains("Robust accuracy: "
                        + String.format(
                                java.util.Locale.ROOT, "%.3f (%d/10)", report.robustAccuracy(), report.robustCount()))
                .contains("95% CI [")
                .contains("Attack success:")
                .contains("Ankle boot")
                .contains("Wall time:")
                .contains("JSON report: " + json);
        assertThat(err())
                .contains("evaluating 10 samples with Brighten")
                .contains("[####################] 100%  10/10");

        LabeledImages data = FashionMnist.load(dataDir, FashionMnist.Split.TEST).first(10);
        try (Classifier model = Classifiers.torchScript(TINY_CNN, InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10))) {
            RobustnessReport direct =
                    RobustnessEvaluator.builder().build().evaluate(model, data, new Brighten(ThreatModel.linf(0.3), 3));
            assertThat(report.outcomes()).isEqualTo(direct.outcomes());
        }
    }

    @Test
    void forwardWorkersAreSetFromTheCommandLineAndChangeNoOutcome() throws Exception {
        Path one = out.resolve("one.json");
        Path two = out.resolve("two.json");
        try {
            assertThat(run(evaluate("--seed", "3", "--json", one.toString()).toArray(String[]::new)))
                    .as(err())
                    .isZero();
            assertThat(run(evaluate("--seed", "3", "--workers", "2", "--json", two.toString())
                            .toArray(String[]::new)))
                    .as(err())
                    .isZero();
            assertThat(RobustUnitEngine.forwardWorkers()).isEqualTo(2);
            assertThat(RobustnessReport.readJson(two).outcomes())
                    .isEqualTo(RobustnessReport.readJson(one).outcomes());
        } finally {
            RobustUnitEngine.setForwardWorkers(1);
        }
    }

    @Test
    void theShippedAttacksRunFromTheCommandLine() throws Exception {
        Path json = out.resolve("square.json");

        int exit = RobustUnitCli.run(
                new String[] {
                    "evaluate",
                    "--model",
                    TINY_CNN.toString(),
                    "--data",
                    dataDir.toString(),
                    "--limit",
                    "6",
                    "--attack",
                    "square",
                    "--eps",
                    "0.2",
                    "--steps",
                    "20",
                    "--seed",
                    "4",
                    "--json",
                    json.toString()
                },
                io,
                CommandRegistry.defaults());

        assertThat(exit).as(err()).isZero();
        RobustnessReport report = RobustnessReport.readJson(json);
        assertThat(report.attackDescription())
                .startsWith("Square(Linf eps=0.200")
                .contains("seed 4");
        assertThat(report.isValid()).isTrue();
        assertThat(report.maxPerturbationNorm()).isLessThanOrEqualTo(0.2 + 1e-6);
    }

    @Test
    void aStratifiedLimitEvaluatesTheSeededClassStratifiedSample() throws Exception {
        Path json = out.resolve("r.json");

        int exit = run(evaluate("--limit", "5", "--stratified", "--seed", "9", "--json", json.toString())
                .toArray(String[]::new));

        assertThat(exit).as(err()).isZero();
        LabeledImages expected =
                FashionMnist.load(dataDir, FashionMnist.Split.TEST).stratified(5, 9);
        int[] indices = new int[5];
        for (int i = 0; i < 5; i++) {
            indices[i] = expected.datasetIndex(i);
        }
        assertThat(RobustnessReport.readJson(json).datasetIndices()).containsExactly(indices);
    }

    @Test
    void helpListsTheCommandsAndEachCommandsOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Usage: robustunit COMMAND").containsPattern("evaluate +robust accuracy");

        assertThat(run("evaluate", "--help")).isZero();
        assertThat(out()).contains("--attack NAME").contains("brighten").contains("--step-size S");

        assertThat(run("help", "evaluate")).isZero();
        assertThat(run()).isEqualTo(RobustUnitCli.USAGE);
        assertThat(err()).contains("Usage: robustunit COMMAND");
    }

    @Test
    void anUnknownCommandIsNamedWithTheKnownOnes() {
        assertThat(run("evalute", "--eps", "1")).isEqualTo(RobustUnitCli.USAGE);
        assertThat(err()).contains("unknown command 'evalute'. Did you mean 'evaluate'? Commands: evaluate");
    }

    @Test
    void argumentErrorsExitWithUsageCodeNamingTheOptionAndPointingToHelp() {
        assertUsageError(List.of("evaluate", "--data", "x"), "missing required option --model FILE");
        assertUsageError(evaluate("--eps", "2"), "option --eps is given twice");
        assertUsageError(
                List.of(
                        "evaluate",
                        "--model",
                        TINY_CNN.toString(),
                        "--data",
                        dataDir.toString(),
                        "--attack",
                        "brighten",
                        "--eps",
                        "2"),
                "option --eps: Linf epsilon 2.0 exceeds the width of the input range");
        assertUsageError(evaluate("--limit", "-1"), "option --limit: '-1' is not valid; expected an integer >= 1");
        assertUsageError(
                evaluate("--batch", "lots"), "option --batch: 'lots' is not valid; expected an integer in [1, 100000]");
        assertUsageError(evaluate("--norm", "l1"), "option --norm: 'l1' is not one of linf, l2");
        assertUsageError(
                evaluate("--workers", "0"), "option --workers: '0' is not valid; expected an integer in [1, 1024]");
        assertUsageError(evaluate("--stratified"), "--stratified needs --limit N");
        assertUsageError(evaluate("--step-size", "0"), "option --step-size: '0' is not valid; expected a number > 0");
        assertUsageError(evaluate("--steps"), "option --steps needs a value");
        assertUsageError(
                List.of(
                        "evaluate",
                        "--model",
                        "missing.pt",
                        "--data",
                        dataDir.toString(),
                        "--attack",
                        "brighten",
                        "--eps",
                        "0.1"),
                "option --model: missing.pt does not exist");
        assertUsageError(
                List.of(
                        "evaluate",
                        "--model",
                        TINY_CNN.toString(),
                        "--data",
                        "nowhere",
                        "--attack",
                        "brighten",
                        "--eps",
                        "0.1"),
                "option --data: 'nowhere' is neither 'fashion-mnist' nor an existing file or folder");
        assertUsageError(
                List.of(
                        "evaluate",
                        "--model",
                        TINY_CNN.toString(),
                        "--data",
                        dataDir.toString(),
                        "--attack",
                        "cw",
                        "--eps",
                        "0.1"),
                "option --attack: 'cw' is not one of brighten");
    }

    void assertUsageError(List<String> args, String message) {
        stderr.reset();
        assertThat(run(args.toArray(String[]::new))).as(err()).isEqualTo(RobustUnitCli.USAGE);
        assertThat(err())
                .contains("robustunit evaluate: " + message)
                .contains("Run 'robustunit evaluate --help' for the options.");
    }

    @Test
    void aFailingRunExitsWithOneAndTheReason() throws Exception {
        Path notAModel = Files.writeString(out.resolve("model.pt"), "not a model");

        int exit = run(
                "evaluate",
                "--model",
                notAModel.toString(),
                "--data",
                dataDir.toString(),
                "--attack",
                "brighten",
                "--eps",
                "0.1");

        assertThat(exit).isEqualTo(RobustUnitCli.FAILED);
        assertThat(err()).contains("robustunit evaluate: error: ").contains(notAModel.toString());
    }

    @Test
    void anotherCommandCanBeRegisteredAndDispatchedByName() {
        Command hello = new Command() {
            @Override
            public String name() {
                return "hello";
            }

            @Override
            public String summary() {
                return "greets";
            }

            @Override
            public String usage() {
                return "Usage: robustunit hello\n";
            }

            @Override
            public int run(List<String> args, CommandIo commandIo) {
                commandIo.out().println("hello " + String.join(" ", args));
                return 0;
            }
        };
        CommandRegistry more = registry.with(hello);

        assertThat(RobustUnitCli.run(new String[] {"hello", "world"}, io, more)).isZero();
        assertThat(out()).isEqualTo("hello world" + System.lineSeparator());
        assertThat(more.commands()).extracting(Command::name).containsExactly("evaluate", "hello");
        assertThatThrownBy(() -> more.with(hello)).hasMessageContaining("'hello' is already registered");
        assertThat(CommandRegistry.defaults().find("evaluate")).isPresent();
    }

    /** Adds epsilon to every pixel (clipped): deterministic and inside the ball. */
    record Brighten(ThreatModel threatModel, long seed) implements Attack {
        @Override
        public String name() {
            return "Brighten";
        }

        @Override
        public Attack withThreatModel(ThreatModel tm) {
            return new Brighten(tm, seed);
        }

        @Override
        public Attack withSeed(long newSeed) {
            return new Brighten(threatModel, newSeed);
        }

        @Override
        public boolean needsGradients() {
            return false;
        }

        @Override
        public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
            NDArray adv = inputs.add((float) threatModel.epsilon()).clip(0f, 1f);
            return new AttackResult(adv, new String[(int) inputs.getShape().get(0)]);
        }

        @Override
        public String toString() {
            return "Brighten(" + threatModel + ", seed " + seed + ")";
        }
    }

    static final class TestAttacks implements AttackCatalog {
        @Override
        public List<String> names() {
            return List.of("brighten");
        }

        @Override
        public Attack create(AttackSpec spec) {
            return new Brighten(spec.threatModel(), spec.seed());
        }
    }
}
