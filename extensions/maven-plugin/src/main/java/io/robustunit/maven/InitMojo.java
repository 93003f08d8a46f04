package io.robustunit.maven;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apiguardian.api.API;

/**
 * Scaffolds a model repository for a model file and its data (or adds to an existing one): a pom
 * that imports {@code robustunit-bom} with compiler and surefire 3.x, the model and data under
 * {@code src/test/resources}, a first gate test whose thresholds come from a first measurement
 * (made here, in a forked JVM, and written into the test's javadoc), the baselines folder and the
 * Allure set-up. {@code mvn verify} passes right after it.
 *
 * <pre>
 * mvn io.robustunit:robustunit-maven-plugin:init -Drobustunit.model=model.pt -Drobustunit.data=data
 * </pre>
 */
@Mojo(name = "init", requiresProject = false, threadSafe = true)
@API(status = INTERNAL, since = "0.1")
public class InitMojo extends AbstractMojo {

    /** The TorchScript model file ({@code torch.jit.save}). */
    @Parameter(property = "robustunit.model", required = true)
    File model;

    /** The evaluation images: a folder with {@code t10k-images-idx3-ubyte[.gz]} and labels. */
    @Parameter(property = "robustunit.data", required = true)
    File data;

    /** Threat model norm of the first gate: {@code linf} or {@code l2}. */
    @Parameter(property = "robustunit.norm", defaultValue = "linf")
    String norm;

    /** Threat model radius of the first gate, in the data's pixel space. */
    @Parameter(property = "robustunit.eps", defaultValue = "0.1")
    double eps;

    /** Images the gates evaluate (the first N). */
    @Parameter(property = "robustunit.limit", defaultValue = "1000")
    int limit;

    /** Shape of one input, e.g. {@code 1,28,28}. */
    @Parameter(property = "robustunit.inputShape", defaultValue = "1,28,28")
    String inputShape;

    @Parameter(property = "robustunit.min", defaultValue = "0")
    float min;

    @Parameter(property = "robustunit.max", defaultValue = "1")
    float max;

    /** Number of classes (logits per input). */
    @Parameter(property = "robustunit.classes", defaultValue = "10")
    int classes;

    /** Package of the generated test. */
    @Parameter(property = "robustunit.package", defaultValue = "com.example.robustness")
    String packageName;

    /** Group id of a new pom. */
    @Parameter(property = "robustunit.groupId", defaultValue = "com.example")
    String groupId;

    /** Artifact id of a new pom (default: the folder's name). */
    @Parameter(property = "robustunit.artifactId")
    String artifactId;

    /** PyTorch intra-op threads for the first measurement (default: every core). */
    @Parameter(property = "robustunit.threads")
    Integer threads;

    @Parameter(defaultValue = "${session.executionRootDirectory}", readonly = true)
    File root;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    PluginDescriptor plugin;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path dir = root.toPath().toAbsolutePath().normalize();
        Path modelFile = dir.resolve(model.toPath()).normalize();
        Path dataDir = dir.resolve(data.toPath()).normalize();
        if (!Files.isRegularFile(modelFile)) {
            throw new MojoFailureException("robustunit.model: " + modelFile + " does not exist or is not a file;"
                    + " give the TorchScript model file, e.g. -Drobustunit.model=model.pt");
        }
        if (!Files.exists(dataDir)) {
            throw new MojoFailureException("robustunit.data: " + dataDir + " does not exist; give the folder"
                    + " with the evaluation images, e.g. -Drobustunit.data=data");
        }
        if (!(eps > 0)) {
            throw new MojoFailureException("robustunit.eps must be > 0, was " + eps);
        }
        int[] shape = parseShape(inputShape);
        String className = Scaffold.testClassName(modelFile.getFileName().toString());
        Path testFile = dir.resolve("src/test/java")
                .resolve(packageName.replace('.', '/'))
                .resolve(className + ".java");
        if (Files.exists(testFile)) {
            throw new MojoFailureException(testFile + " exists already: init does not overwrite tests."
                    + " Delete it, or give another package with -Drobustunit.package=...");
        }
        try {
            Path resources = dir.resolve("src/test/resources");
            Path modelCopy = inside(resources, modelFile)
                    ? modelFile
                    : copyFile(modelFile, resources.resolve("models").resolve(modelFile.getFileName()));
            Path dataCopy =
                    inside(resources, dataDir) ? dataDir : copyTree(dataDir, resources.resolve(dataDir.getFileName()));

            getLog().info("First measurement: PGD-20 " + norm + " eps " + eps + " on the first " + limit + " images of "
                    + dir.relativize(dataCopy) + " (forked JVM)...");
            Path json = dir.resolve("target/robustunit-init/first-measurement.json");
            Files.createDirectories(json.getParent());
            List<String> args = new ArrayList<>(List.of(
                    "evaluate",
                    "--model",
                    modelCopy.toString(),
                    "--data",
                    dataCopy.toString(),
                    "--limit",
                    Integer.toString(limit),
                    "--attack",
                    "pgd",
                    "--norm",
                    norm,
                    "--eps",
                    Scaffold.decimal(eps),
                    "--steps",
                    "20",
                    "--seed",
                    "0",
                    "--json",
                    json.toString()));
            if (threads != null) {
                args.addAll(List.of("--threads", threads.toString()));
            }
            int status = new ForkedJvm(plugin.getArtifacts()).cli(args, dir, line -> getLog().info("  " + line));
            if (status != 0) {
                throw new MojoFailureException("the first measurement failed (exit status " + status
                        + ", its output is above): check the model file, the data and -Drobustunit.inputShape/"
                        + "classes; nothing was scaffolded");
            }
            RobustnessReport report = RobustnessReport.readJson(json);
            ConfidenceInterval cleanCi = report.cleanAccuracyInterval(0.95);
            ConfidenceInterval robustCi = report.robustAccuracyInterval(0.95);
            Scaffold.Gates gates = new Scaffold.Gates(
                    modelFile.getFileName().toString(),
                    resources.relativize(modelCopy).toString().replace(File.separatorChar, '/'),
                    resources.relativize(dataCopy).toString().replace(File.separatorChar, '/'),
                    report.sampleCount(),
                    shape,
                    min,
                    max,
                    classes,
                    norm.toLowerCase(Locale.ROOT),
                    eps,
                    measured(report.cleanCorrectCount(), report.sampleCount(), cleanCi),
                    measured(report.robustCount(), report.sampleCount(), robustCi),
                    Scaffold.thresholdBelow(cleanCi.lower()),
                    Scaffold.thresholdBelow(robustCi.lower()),
                    report.attackDescription());

            write(
                    testFile,
                    Scaffold.testClass(
                            packageName, className, gates, LocalDate.now().toString()));
            write(resources.resolve("allure.properties"), Scaffold.allureProperties(), false);
            write(resources.resolve("robustness-baselines/README.md"), Scaffold.baselinesReadme(), false);
            Path pom = dir.resolve("pom.xml");
            String name = artifactId != null ? artifactId : dir.getFileName().toString();
            if (Files.exists(pom)) {
                Path snippet = dir.resolve("target/robustunit-init/pom.xml");
                write(snippet, Scaffold.pom(groupId, name), true);
                String text = Files.readString(pom);
                if (!text.contains("robustunit-bom")) {
                    getLog().warn("pom.xml exists and was left alone. Add what " + dir.relativize(snippet)
                            + " has: the junit-bom and robustunit-bom imports, the test dependencies, compiler,"
                            + " surefire 3.x and robustunit-maven-plugin.");
                }
            } else {
                write(pom, Scaffold.pom(groupId, name), true);
            }
            getLog().info("Measured " + report.modelName() + " on " + report.sampleCount() + " images: clean "
                    + gates.measuredClean() + ", robust " + gates.measuredRobust() + " under " + gates.attack());
            getLog().info("Gates set from this measurement (lower 95% bound, rounded down): clean accuracy >= "
                    + Scaffold.decimal(gates.cleanThreshold()) + ", robust accuracy >= "
                    + Scaffold.decimal(gates.robustThreshold()) + "; written to " + dir.relativize(testFile));
            getLog().info("Next: mvn verify, then mvn robustunit:report for the HTML report.");
        } catch (IOException e) {
            throw new MojoExecutionException("init failed: " + e.getMessage(), e);
        }
    }

    private static String measured(int count, int n, ConfidenceInterval ci) {
        return String.format(
                Locale.ROOT, "%d/%d (%.3f; 95%% CI %.3f-%.3f)", count, n, count / (double) n, ci.lower(), ci.upper());
    }

    static int[] parseShape(String text) throws MojoFailureException {
        try {
            int[] shape = Arrays.stream(text.split("[,x ]+"))
                    .mapToInt(Integer::parseInt)
                    .toArray();
            if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
                throw new NumberFormatException();
            }
            return shape;
        } catch (NumberFormatException e) {
            throw new MojoFailureException("robustunit.inputShape must be positive sizes like 1,28,28 (channels,"
                    + " height, width), was '" + text + "'");
        }
    }

    private static boolean inside(Path dir, Path p) {
        return p.startsWith(dir);
    }

    private static Path copyFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            return copyFile(from, to);
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
        return to;
    }

    private void write(Path file, String text) throws IOException {
        write(file, text, true);
    }

    private void write(Path file, String text, boolean overwrite) throws IOException {
        if (!overwrite && Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        getLog().info("wrote " + file);
    }
}
