package io.robustunit.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.io.AtomicFiles;
import io.robustunit.io.FileDigests;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.testing.ChildJvm;
import io.robustunit.threat.ThreatModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeded evaluation gives byte-identical JSON reports in two fresh JVMs and twice in one
 * JVM (this one, after whatever other tests ran in it). The only field allowed to differ is
 * {@code wallTimeNanos}, the measured wall time; the reports have no timestamp. The retained
 * adversarial examples' pixels, which the JSON does not hold, are compared through a digest.
 * (Sequential versus JUnit-parallel execution: {@code ParallelExecutionTest} in the JUnit 5
 * extension; attacks run from several threads: {@code attack.DeterminismTest}.)
 */
class ReproducibleReportsTest {

    private static final Path MODEL = Path.of("../sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
    private static final Path DATA = Path.of("src/test/resources/fashion-mnist-200");
    private static final InputContract MNIST = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
    private static final ThreatModel THREAT = ThreatModel.linf(0.03);
    private static final Pattern WALL_TIME = Pattern.compile("(?m)^  \"wallTimeNanos\": \\d+,\\n");

    /**
     * Child JVM: runs {@link #evaluateAll} with {@code args[1]} PyTorch intra-op threads (the test
     * JVM's count) and writes each attack's report into folder {@code args[0]}.
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        RobustUnitEngine.setIntraOpThreads(Integer.parseInt(args[1]));
        for (Map.Entry<String, String> file : evaluateAll().entrySet()) {
            AtomicFiles.writeString(out.resolve(file.getKey()), file.getValue());
        }
    }

    /**
     * PGD with a random start and two restarts, and Square, both seeded, on 32 test images in
     * batches of 16 evaluated two at a time: file name -> content.
     */
    static Map<String, String> evaluateAll() throws IOException {
        List<Attack> attacks = List.of(
                Attacks.pgd(THREAT).steps(10).randomStart(true).restarts(2).seed(7),
                Attacks.square(THREAT).queries(100).seed(7));
        LabeledImages images = FashionMnist.load(DATA, FashionMnist.Split.TEST).first(32);
        RobustnessEvaluator evaluator = RobustnessEvaluator.builder()
                .batchSize(16)
                .parallelism(2)
                .retainExamples(32)
                .modelSha256(FileDigests.sha256(MODEL))
                .build();
        Map<String, String> files = new LinkedHashMap<>();
        try (Classifier model = Classifiers.torchScript(MODEL, MNIST)) {
            for (Attack attack : attacks) {
                RobustnessReport report = evaluator.evaluate(model, images, attack);
                files.put(report.attackName() + ".json", report.toJson());
                files.put(report.attackName() + ".examples.sha256", digest(report.examples()));
            }
        }
        return files;
    }

    @TempDir
    static Path dir;

    static Map<String, String> firstJvm;
    static Map<String, String> secondJvm;

    @BeforeAll
    static void runTwoFreshJvms() throws Exception {
        firstJvm = runInFreshJvm(dir.resolve("first"));
        secondJvm = runInFreshJvm(dir.resolve("second"));
    }

    @Test
    void twoFreshJvmsGiveByteIdenticalReportsApartFromTheWallTime() {
        assertThat(firstJvm).hasSize(4);
        assertThat(withoutWallTime(secondJvm)).isEqualTo(withoutWallTime(firstJvm));
        assertNonTrivial(firstJvm);
    }

    @Test
    void twoEvaluationsInThisJvmGiveTheReportsOfAFreshJvm() throws Exception {
        Map<String, String> first = evaluateAll();
        Map<String, String> second = evaluateAll();

        assertThat(withoutWallTime(first)).isEqualTo(withoutWallTime(firstJvm));
        assertThat(withoutWallTime(second)).isEqualTo(withoutWallTime(first));
    }

    private static Map<String, String> runInFreshJvm(Path out) throws Exception {
        Files.createDirectories(out);
        ChildJvm.run(ChildJvm.builder(
                ReproducibleReportsTest.class, out.toString(), Integer.toString(RobustUnitEngine.intraOpThreads())));
        Map<String, String> files = new LinkedHashMap<>();
        try (var listing = Files.list(out)) {
            for (Path f : listing.sorted().toList()) {
                files.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** The files with the one wall-time line of each report removed (and checked to be there). */
    private static Map<String, String> withoutWallTime(Map<String, String> files) {
        Map<String, String> stripped = new java.util.TreeMap<>();
        files.forEach((name, content) -> {
            if (name.endsWith(".json")) {
                Matcher m = WALL_TIME.matcher(content);
                assertThat(m.results().count())
                        .as("wallTimeNanos lines in %s", name)
                        .isEqualTo(1);
                content = m.replaceAll("");
            }
            stripped.put(name, content);
        });
        return stripped;
    }

    /** Both attacks break some samples and leave others robust, so the comparison means something. */
    private static void assertNonTrivial(Map<String, String> files) {
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey().endsWith(".json")) {
                RobustnessReport report = RobustnessReport.fromJson(f.getValue());
                assertThat(report.brokenCount()).as("broken in %s", f.getKey()).isPositive();
                assertThat(report.robustCount()).as("robust in %s", f.getKey()).isPositive();
            }
        }
    }

    private static String digest(List<AdversarialExample> examples) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (AdversarialExample e : examples) {
                ByteBuffer pixels = ByteBuffer.allocate(4 * e.adversarial().length);
                pixels.asFloatBuffer().put(e.adversarial());
                sha.update(pixels);
            }
            return examples.size() + " examples, adversarial pixels SHA-256 "
                    + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
