package io.robustunit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.eval.RobustnessReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code robustunit evaluate --shard i/k} and {@code robustunit merge}: the merged shards print the
 * summary and write the JSON of the unsharded run (apart from the wall time); shards that do not
 * fit are refused with a message naming the difference, the missing shards and indices.
 */
class ShardMergeCommandTest {

    static final Path MODEL = Path.of("src/test/resources/models/tiny-cnn.pt");
    static final Path DATA = Path.of("src/test/resources/fashion-mnist-200");

    @TempDir
    static Path dir;

    static Path whole;
    static String wholeSummary;
    static List<Path> shards = new ArrayList<>();

    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RobustUnitCli.run(
                args,
                new CommandIo(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false),
                CommandRegistry.defaults());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run evaluate(Path json, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "evaluate",
                "--model",
                MODEL.toString(),
                "--data",
                DATA.toString(),
                "--attack",
                "square",
                "--eps",
                "0.1",
                "--steps",
                "15",
                "--json",
                json.toString()));
        args.addAll(List.of(extra));
        for (String[] fallback : new String[][] {{"--limit", "30"}, {"--seed", "3"}, {"--batch", "7"}}) {
            if (!args.contains(fallback[0])) {
                args.addAll(List.of(fallback));
            }
        }
        return cli(args.toArray(String[]::new));
    }

    @BeforeAll
    static void evaluateWholeAndShards() {
        whole = dir.resolve("whole.json");
        Run run = evaluate(whole, "--batch", "30");
        assertThat(run.exit()).as(run.err()).isZero();
        wholeSummary = run.out();
        for (int i = 0; i < 3; i++) {
            Path shard = dir.resolve("shard-" + i + ".json");
            Run s = evaluate(shard, "--shard", i + "/3");
            assertThat(s.exit()).as(s.err()).isZero();
            assertThat(s.out()).contains("Shard " + i + "/3: 10 of 30 images");
            shards.add(shard);
        }
    }

    @Test
    void mergedShardsPrintAndWriteWhatTheUnshardedRunDoes() throws Exception {
        Path merged = dir.resolve("merged.json");

        Run run = cli(
                "merge",
                shards.get(2).toString(),
                shards.get(0).toString(),
                shards.get(1).toString(),
                "--json",
                merged.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(withoutWallTime(run.out())).startsWith(withoutWallTime(summaryPart(wholeSummary)));
        assertThat(run.out()).contains("Merged 3 reports covering 30 samples.");
        // evaluate adds the model-level validity section (it needs the model); merge has only the reports
        assertThat(withoutWallTime(Files.readString(merged)))
                .isEqualTo(withoutValidity(withoutWallTime(Files.readString(whole))));
        RobustnessReport report = RobustnessReport.readJson(merged);
        assertThat(report.shard()).isEmpty();
        assertThat(report.brokenCount()).as("the attack breaks something").isPositive();
        assertThat(RobustnessReport.readJson(shards.get(1))
                        .shard()
                        .orElseThrow()
                        .spec())
                .isEqualTo("1/3");
    }

    @Test
    void aMissingShardIsNamedWithItsIndices() {
        Run run = cli("merge", shards.get(0).toString(), shards.get(2).toString());

        assertThat(run.exit()).isEqualTo(RobustUnitCli.FAILED);
        assertThat(run.err())
                .contains("10 of 30 samples are missing")
                .contains("dataset indices 1,4,7,10,13,16,19,22,25,28")
                .contains("missing shards: 1/3");
    }

    @Test
    void shardsOfAnotherEvaluationAreRefusedNamingTheDifference() {
        Path otherSeed = dir.resolve("seed4.json");
        assertThat(evaluate(otherSeed, "--shard", "1/3", "--seed", "4").exit()).isZero();
        Path otherCut = dir.resolve("cut2.json");
        assertThat(evaluate(otherCut, "--shard", "1/2").exit()).isZero();
        Path otherSelection = dir.resolve("limit29.json");
        assertThat(evaluate(otherSelection, "--shard", "1/3", "--limit", "29").exit())
                .isZero();

        assertThat(cli(
                                "merge",
                                shards.get(0).toString(),
                                otherSeed.toString(),
                                shards.get(2).toString())
                        .err())
                .contains("cannot merge " + otherSeed + " with " + shards.get(0))
                .contains("seed 3")
                .contains("seed 4");
        assertThat(cli("merge", shards.get(0).toString(), otherCut.toString()).err())
                .contains("cuts into 2 and 3 parts");
        assertThat(cli("merge", shards.get(0).toString(), otherSelection.toString())
                        .err())
                .contains("different selections of the dataset (0-28 vs 0-29)");
        assertThat(cli("merge", shards.get(0).toString(), shards.get(0).toString())
                        .err())
                .contains("shard 0/3 is given twice");
        assertThat(cli("merge", whole.toString(), shards.get(0).toString()).err())
                .contains("a whole evaluation");
    }

    @Test
    void badShardSpecsAndInputsAreUsageErrors() throws Exception {
        Run outOfRange = evaluate(dir.resolve("x.json"), "--shard", "3/3");
        assertThat(outOfRange.exit()).isEqualTo(RobustUnitCli.USAGE);
        assertThat(outOfRange.err()).contains("option --shard").contains("0/3 .. 2/3");
        assertThat(evaluate(dir.resolve("x.json"), "--shard", "two").err()).contains("is not i/k");
        assertThat(evaluate(dir.resolve("x.json"), "--shard", "0/31").err())
                .contains("30 images make at most 30 shards");
        assertThat(Files.exists(dir.resolve("x.json"))).isFalse();

        Run missing = cli("merge", dir.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(RobustUnitCli.USAGE);
        assertThat(missing.err()).contains("nope.json does not exist");
        Path notJson = Files.writeString(dir.resolve("garbage.json"), "{\"format\": 1");
        assertThat(cli("merge", notJson.toString()).err()).contains("garbage.json is not valid JSON");
        assertThat(cli("merge").exit()).isEqualTo(RobustUnitCli.USAGE);
    }

    /** The report's summary without what the evaluate command adds after it (validity checks, JSON path). */
    private static String summaryPart(String out) {
        for (String after : new String[] {"\nValidity:", "\nJSON report:"}) {
            int at = out.indexOf(after);
            if (at >= 0) {
                out = out.substring(0, at);
            }
        }
        return out;
    }

    private static String withoutValidity(String json) {
        return json.replaceAll("(?s),\\n  \"validity\": \\{.*?\\n  \\}(?=\\n\\})", "");
    }

    private static String withoutWallTime(String text) {
        return text.replaceAll("(?m)^Wall time:.*\\n", "").replaceAll("(?m)^  \"wallTimeNanos\": \\d+,\\n", "");
    }
}
