package io.robustunit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.cli.CommandIo;
import io.robustunit.cli.CommandRegistry;
import io.robustunit.cli.RobustUnitCli;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RobustUnit on Spark {@code local[2]} (driver bound to 127.0.0.1, UI off, two task attempts):
 * the report equals the single-JVM report byte for byte apart from the wall time, through the API,
 * the evaluator option and the command line; a task that fails once is retried with the same result;
 * bad input fails on the driver with the executor's message.
 */
class SparkEvaluationTest {

    static final Path MODEL = Path.of("../../sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
    static final Path DATA = Path.of("../../framework/src/test/resources/fashion-mnist-200");
    static final InputContract MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    static final Attack PGD = Attacks.pgd(ThreatModel.linf(0.03))
            .steps(4)
            .randomStart(true)
            .restarts(2)
            .seed(5);

    static SparkEvaluation spark;
    static LabeledImages data;
    static String singleJvm;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkEvaluation.builder()
                .master("local[2,2]")
                .partitions(2)
                .threadsPerTask(1)
                .batchSize(5)
                .build();
        data = FashionMnist.load(DATA, FashionMnist.Split.TEST).first(16);
        try (Classifier model = Classifiers.load(MODEL, MNIST)) {
            singleJvm = RobustnessEvaluator.builder()
                    .backend(null)
                    .batchSize(16)
                    .build()
                    .evaluate(model, data, PGD)
                    .toJson();
        }
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    @Test
    void localTwoGivesTheSingleJvmReportApartFromTheWallTime() throws Exception {
        RobustnessReport report = spark.evaluate(MODEL, MNIST, data, PGD);

        assertThat(withoutWallTime(report.toJson())).isEqualTo(withoutWallTime(singleJvm));
        assertThat(report.shard()).isEmpty();
        assertThat(report.brokenCount()).as("PGD breaks some samples").isPositive();
        assertThat(report.robustCount()).as("and not all").isPositive();
    }

    @Test
    void aTaskThatFailsOnceIsRetriedWithTheSameResult() throws Exception {
        SparkEvaluation flaky = SparkEvaluation.builder()
                .context(spark.context())
                .partitions(2)
                .batchSize(3)
                .beforeEachTask((shard, attempt) -> {
                    if (shard == 1 && attempt == 0) {
                        throw new IllegalStateException("injected executor failure");
                    }
                })
                .build();

        RobustnessReport report = flaky.evaluate(MODEL, MNIST, data, PGD);

        assertThat(withoutWallTime(report.toJson())).isEqualTo(withoutWallTime(singleJvm));
    }

    @Test
    void theEvaluatorOptionAndTheCommandLineRunOnSpark(@TempDir Path dir) throws Exception {
        try (Classifier model = Classifiers.load(MODEL, MNIST)) {
            RobustnessReport viaEvaluator = RobustnessEvaluator.builder()
                    .backend(SparkBackend.of(spark))
                    .build()
                    .evaluate(model, data, PGD);
            assertThat(withoutWallTime(viaEvaluator.toJson())).isEqualTo(withoutWallTime(singleJvm));
        }

        Path json = dir.resolve("spark.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RobustUnitCli.run(
                new String[] {
                    "evaluate",
                    "--model",
                    MODEL.toString(),
                    "--data",
                    DATA.toString(),
                    "--limit",
                    "16",
                    "--attack",
                    "fgsm",
                    "--eps",
                    "0.03",
                    "--spark-master",
                    "local[2]",
                    "--spark-partitions",
                    "2",
                    "--json",
                    json.toString()
                },
                new CommandIo(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false),
                CommandRegistry.defaults());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("evaluating on Spark local[2");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Robust accuracy:");
        try (Classifier model = Classifiers.load(MODEL, MNIST)) {
            RobustnessReport local = RobustnessEvaluator.builder()
                    .backend(null)
                    .modelName(MODEL.getFileName().toString())
                    .build()
                    .evaluate(model, data, Attacks.fgsm(ThreatModel.linf(0.03)));
            assertThat(RobustnessReport.readJson(json).outcomes()).isEqualTo(local.outcomes());
        }
    }

    @Test
    void anUnreadableModelOnTheExecutorsFailsOnTheDriverWithTheExecutorsMessage(@TempDir Path dir) throws Exception {
        Path corrupt = Files.write(dir.resolve("corrupt.pt"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        assertThatThrownBy(() -> spark.evaluate(corrupt, MNIST, data, PGD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spark evaluation of PGD(")
                .hasMessageContaining("the executor cannot load model corrupt.pt")
                .hasMessageMatching("(?s).*shard [01]/2 \\(attempt 2\\).*");
    }

    @Test
    void moreTasksThanSamplesOrAMissingModelFileIsRefusedOnTheDriver() {
        SparkEvaluation many = SparkEvaluation.builder()
                .context(spark.context())
                .partitions(17)
                .build();
        assertThatThrownBy(() -> many.evaluate(MODEL, MNIST, data, PGD))
                .hasMessageContaining("16 samples of")
                .hasMessageContaining("cannot fill 17 partitions");
        assertThatThrownBy(() -> spark.evaluate(Path.of("missing.pt"), MNIST, data, PGD))
                .hasMessageContaining("model file missing.pt does not exist");
    }

    private static String withoutWallTime(String json) {
        return json.replaceAll("(?m)^  \"wallTimeNanos\": \\d+,\\n", "");
    }
}
