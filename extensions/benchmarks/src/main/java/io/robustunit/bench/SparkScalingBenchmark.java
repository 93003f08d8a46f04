package io.robustunit.bench;

import static io.robustunit.bench.BenchArgs.value;

import io.robustunit.attack.Attack;
import io.robustunit.attack.Attacks;
import io.robustunit.data.Datasets;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.spark.SparkEvaluation;
import io.robustunit.threat.ThreatModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scaling of a RobustUnit evaluation on Apache Spark against one JVM (PGD-20 L-inf 0.1, step 0.01,
 * on the first {@code --images} images of the sample model by default).
 *
 * <pre>
 * java --add-opens ... -cp ... io.robustunit.bench.SparkScalingBenchmark [--model m.pt] [--data dir]
 *     [--images 1000] [--batch 100] [--eps 0.1] [--steps 20] [--step-size 0.01] [--no-cluster]
 * </pre>
 *
 * <p>Rows: {@code evaluate} in this JVM with 1 and 2 intra-op threads; Spark {@code local[1]} and
 * {@code local[2]} with partitions = executors and twice that (one intra-op thread per task); and
 * {@code local-cluster[2,1,1024]} (two executor JVMs launched by an in-process standalone master
 * and worker), which needs {@code SPARK_HOME} set to a folder this program fills with links to the
 * class path's jars (executors start as {@code java -cp $SPARK_HOME/jars/*}); if it cannot start,
 * the row says why. For each row: wall time (Spark rows without the context start, which is
 * printed apart), images/s, speed-up against the 1-thread JVM and the digest of the per-sample
 * outcomes, which must be the same in every row.
 *
 * <p>Then a projection for k = 1, 2, 4, 8, 16 executors built from measured figures: the 16
 * shards of the data evaluated one by one in this JVM (1 thread), since shard {@code j} of
 * {@code k} (k divides 16) is exactly the union of shards {@code j, j + k, ...} of 16; the
 * critical path of k executors is the slowest such union plus the measured per-task overhead plus
 * the measured merge of the k shard reports.
 */
public final class SparkScalingBenchmark {

    private SparkScalingBenchmark() {}

    /** One measured row. */
    private record Row(String what, double seconds, double startSeconds, String digest, int robust, String note) {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        LabeledImages data = Datasets.read(o.data).first(o.images);
        InputContract contract = InputContract.of(data.imageShape(), 0f, 1f, data.numClasses());
        Attack pgd = Attacks.pgd(ThreatModel.linf(o.eps)).steps(o.steps).stepSize(o.stepSize);
        System.out.printf(
                Locale.ROOT,
                "Spark scaling benchmark: %s%nmodel %s, %s, batch %d, %d cores visible%n",
                pgd,
                o.model,
                data,
                o.batch,
                Runtime.getRuntime().availableProcessors());
        List<Row> rows = new ArrayList<>();
        RobustnessEvaluator evaluator =
                RobustnessEvaluator.builder().backend(null).batchSize(o.batch).build();
        double[] shardSeconds = new double[16];
        double mergeSeconds16;
        try (Classifier model = Classifiers.load(o.model, contract)) {
            RobustUnitEngine.setIntraOpThreads(2);
            evaluator.evaluate(model, data.first(Math.min(32, data.size())), pgd); // warm-up
            for (int threads : new int[] {1, 2}) {
                RobustUnitEngine.setIntraOpThreads(threads);
                long start = System.nanoTime();
                RobustnessReport report = evaluator.evaluate(model, data, pgd);
                rows.add(row("one JVM, " + threads + " thread" + (threads == 1 ? "" : "s"), start, 0, report, ""));
                print(rows.get(rows.size() - 1), rows.get(0));
            }
            RobustUnitEngine.setIntraOpThreads(1);
            int shards = Math.min(16, data.size());
            List<RobustnessReport> parts = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                long start = System.nanoTime();
                parts.add(evaluator.evaluateShard(model, data, pgd, i, shards));
                shardSeconds[i] = (System.nanoTime() - start) / 1e9;
            }
            long mergeStart = System.nanoTime();
            RobustnessReport merged = RobustnessReport.merge(parts);
            mergeSeconds16 = (System.nanoTime() - mergeStart) / 1e9;
            if (shards < 16) {
                shardSeconds = java.util.Arrays.copyOf(shardSeconds, shards);
            }
            rows.add(row(
                    "one JVM, 1 thread, " + shards + " shards one by one, merged",
                    System.nanoTime() - (long) (sum(shardSeconds) * 1e9),
                    0,
                    merged,
                    String.format(Locale.ROOT, "merge %.3f s", mergeSeconds16)));
            print(rows.get(rows.size() - 1), rows.get(0));
        }
        List<String[]> sparkRuns = new ArrayList<>();
        sparkRuns.add(new String[] {"local[1]", "1"});
        sparkRuns.add(new String[] {"local[1]", "2"});
        sparkRuns.add(new String[] {"local[2]", "2"});
        sparkRuns.add(new String[] {"local[2]", "4"});
        if (o.cluster) {
            sparkRuns.add(new String[] {"local-cluster[2,1,1024]", "2"});
            sparkRuns.add(new String[] {"local-cluster[2,1,1024]", "4"});
        }
        String clusterProblem = o.cluster ? prepareSparkHome() : null;
        for (String[] run : sparkRuns) {
            String master = run[0];
            int partitions = Integer.parseInt(run[1]);
            String what = "Spark " + master + ", " + partitions + " partitions";
            if (master.startsWith("local-cluster") && clusterProblem != null) {
                rows.add(new Row(what, Double.NaN, 0, null, -1, "not run: " + clusterProblem));
                print(rows.get(rows.size() - 1), rows.get(0));
                continue;
            }
            try {
                rows.add(spark(master, partitions, o, contract, data, pgd, what));
            } catch (RuntimeException e) {
                rows.add(new Row(what, Double.NaN, 0, null, -1, "failed: " + firstLine(e)));
            }
            print(rows.get(rows.size() - 1), rows.get(0));
        }
        summary(rows, shardSeconds, mergeSeconds16, data.size());
    }

    private static Row spark(
            String master,
            int partitions,
            Options o,
            InputContract contract,
            LabeledImages data,
            Attack pgd,
            String what)
            throws IOException {
        long contextStart = System.nanoTime();
        SparkEvaluation.Builder builder = SparkEvaluation.builder()
                .master(master)
                .partitions(partitions)
                .threadsPerTask(1)
                .batchSize(o.batch)
                .conf("spark.task.maxFailures", "1");
        if (master.startsWith("local-cluster")) {
            // the executors get the driver's --add-opens list (spark-submit would add it)
            String opens = String.join(
                    " ",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                            .filter(a -> a.startsWith("--add-opens")
                                    || a.startsWith("-Djdk.reflect")
                                    || a.startsWith("-Dio.netty"))
                            .toList());
            builder.conf("spark.executor.extraJavaOptions", opens)
                    .conf("spark.executorEnv.MALLOC_MMAP_THRESHOLD_", env("MALLOC_MMAP_THRESHOLD_", "33554432"))
                    .conf("spark.executorEnv.MALLOC_TRIM_THRESHOLD_", env("MALLOC_TRIM_THRESHOLD_", "1073741824"));
        }
        try (SparkEvaluation spark = builder.build()) {
            spark.context().setLogLevel("WARN");
            if (master.startsWith("local-cluster")) {
                // executors register with the driver only after their JVMs started: wait, so that
                // the timed evaluation does not include JVM start-up of the executors
                waitForExecutors(spark, 2, 120);
            }
            double startSeconds = (System.nanoTime() - contextStart) / 1e9;
            // an untimed first evaluation: executors load classes, start the engine, load the model
            long warm = System.nanoTime();
            spark.evaluate(o.model, contract, data.first(Math.min(data.size(), Math.max(8, 2 * partitions))), pgd);
            double warmSeconds = (System.nanoTime() - warm) / 1e9;
            long start = System.nanoTime();
            RobustnessReport report = spark.evaluate(o.model, contract, data, pgd);
            return row(
                    what,
                    start,
                    startSeconds,
                    report,
                    String.format(
                            Locale.ROOT,
                            "first evaluation of %d images: %.1f s",
                            Math.min(data.size(), Math.max(8, 2 * partitions)),
                            warmSeconds));
        }
    }

    private static void waitForExecutors(SparkEvaluation spark, int executors, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            // the driver counts as one entry of getExecutorMemoryStatus
            if (spark.context().sc().getExecutorMemoryStatus().size() >= executors + 1) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the " + executors + " executors of local-cluster did not register within "
                + seconds + " s (see the executor logs under $SPARK_HOME/work)");
    }

    /**
     * Fills {@code $SPARK_HOME/jars} with links to this JVM's class path, which is what a
     * standalone worker puts on an executor's class path; returns why local-cluster cannot run, or
     * null.
     */
    private static String prepareSparkHome() {
        String home = System.getenv("SPARK_HOME");
        if (home == null || home.isBlank()) {
            return "local-cluster launches executor JVMs from $SPARK_HOME/jars and SPARK_HOME is not set"
                    + " (scripts/benchmark spark sets it)";
        }
        try {
            Path jars = Path.of(home, "jars");
            Files.createDirectories(jars);
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path source = Path.of(entry).toAbsolutePath();
                if (!entry.endsWith(".jar") || !Files.isRegularFile(source)) {
                    continue;
                }
                Path link = jars.resolve(source.getFileName());
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, source);
            }
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot fill " + home + "/jars with links to the class path: " + e.getMessage();
        }
    }

    private static Row row(String what, long startNanos, double startSeconds, RobustnessReport report, String note)
            throws IOException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        try {
            return new Row(
                    what,
                    seconds,
                    startSeconds,
                    EnsembleBenchmark.digest(report.outcomes()),
                    report.robustCount(),
                    note);
        } catch (Exception e) {
            throw new IOException("cannot digest the outcomes: " + e.getMessage(), e);
        }
    }

    private static void print(Row r, Row base) {
        System.out.println(format(r, base, null, -1));
    }

    /** A row; speed-ups against one JVM with one thread and against Spark with one executor (if measured). */
    private static String format(Row r, Row base, Row oneExecutor, int images) {
        if (Double.isNaN(r.seconds())) {
            return String.format(Locale.ROOT, "%-46s %s", r.what(), r.note());
        }
        return String.format(
                Locale.ROOT,
                "%-46s %8.2f %s %7.2fx %s %5d  %s%s%s",
                r.what(),
                r.seconds(),
                images > 0 ? String.format(Locale.ROOT, "%9.1f", images / r.seconds()) : "",
                base.seconds() / r.seconds(),
                oneExecutor == null ? "" : String.format(Locale.ROOT, "%10.2fx", oneExecutor.seconds() / r.seconds()),
                r.robust(),
                r.digest().substring(0, 12),
                r.startSeconds() > 0 ? String.format(Locale.ROOT, "  context start %.1f s", r.startSeconds()) : "",
                r.note().isEmpty() ? "" : "; " + r.note());
    }

    private static void summary(List<Row> rows, double[] shardSeconds, double mergeSeconds, int images) {
        Row base = rows.get(0);
        Row oneExecutor = find(rows, "Spark local[1], 1 partitions");
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-46s %8s %9s %8s %s %5s  %s%n",
                "run (" + images + " images)",
                "wall s",
                "images/s",
                "vs JVM-1",
                oneExecutor == null ? "" : "vs Spark-1",
                "robust",
                "outcomes digest, notes");
        for (Row r : rows) {
            System.out.println(format(r, base, oneExecutor, images));
        }
        System.out.println("vs JVM-1: speed-up against one JVM with 1 thread; vs Spark-1: against Spark local[1]"
                + " with 1 partition (one executor with one core)");
        String digest = base.digest();
        boolean identical = rows.stream()
                .filter(r -> r.digest() != null)
                .allMatch(r -> r.digest().equals(digest) && r.robust() == base.robust());
        System.out.println(
                identical
                        ? "every row gave the same per-sample outcomes (digest " + digest + ", robust " + base.robust()
                                + "/" + images + ")"
                        : "WARNING: the rows' per-sample outcomes differ (see the digests)");

        Row jvm2 = find(rows, "one JVM, 2 threads");
        Row local22 = find(rows, "Spark local[2], 2 partitions");
        if (jvm2 != null && local22 != null) {
            System.out.printf(
                    Locale.ROOT,
                    "Spark local[2] (1 thread per task, 2 partitions) keeps %.0f%% of the 2-thread JVM's throughput"
                            + " (issue 15 asks >= 90%%)%n",
                    100 * jvm2.seconds() / local22.seconds());
        }
        // per-task overhead: the local[1] rows run their tasks one after the other on one core
        Row local1 = find(rows, "Spark local[1], 1 partitions");
        Row local2 = find(rows, "Spark local[1], 2 partitions");
        double perTask = Double.NaN;
        if (local1 != null && local2 != null) {
            perTask = Math.max(0, local1.seconds() - base.seconds());
            System.out.printf(
                    Locale.ROOT,
                    "measured Spark overhead: local[1] with 1 task %.2f s vs one JVM %.2f s -> %.2f s per"
                            + " evaluation with one task (broadcast, task, model load, merge); 2 tasks %.2f s%n",
                    local1.seconds(),
                    base.seconds(),
                    perTask,
                    local2.seconds());
        }
        int shards = shardSeconds.length;
        double total = sum(shardSeconds);
        // every shard evaluation pays a fixed cost (set-up, fingerprint, a partly padded fixed-row call):
        // sum of the shards = one whole run + (shards - 1) fixed costs
        double fixed = shards > 1 ? Math.max(0, (total - base.seconds()) / (shards - 1)) : 0;
        System.out.printf(
                Locale.ROOT,
                "measured per-shard times (1 thread, %d shards of ~%d images): min %.2f s, max %.2f s,"
                        + " sum %.2f s (fixed cost per shard %.2f s); merge of %d reports %.3f s%n",
                shards,
                images / shards,
                java.util.Arrays.stream(shardSeconds).min().orElse(0),
                java.util.Arrays.stream(shardSeconds).max().orElse(0),
                total,
                fixed,
                shards,
                mergeSeconds);
        System.out.println("PROJECTION for k executors with one core each (critical path = slowest shard of k, from the"
                + " measured 16-shard times, + measured Spark overhead of one task + merge):");
        System.out.printf(Locale.ROOT, "  %3s %12s %14s %8s%n", "k", "critical s", "images/s", "speedup");
        double one = Double.NaN;
        for (int k : new int[] {1, 2, 4, 8, 16}) {
            if (k > shards || shards % k != 0) {
                continue;
            }
            double slowest = 0;
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int m = j; m < shards; m += k) {
                    s += shardSeconds[m];
                }
                s -= (shards / k - 1) * fixed; // one evaluation of the union pays the fixed cost once
                slowest = Math.max(slowest, s);
            }
            double critical = slowest + (Double.isNaN(perTask) ? 0 : perTask) + mergeSeconds * k / shards;
            if (k == 1) {
                one = critical;
            }
            System.out.printf(
                    Locale.ROOT, "  %3d %12.2f %14.1f %7.2fx%n", k, critical, images / critical, one / critical);
        }
    }

    private static Row find(List<Row> rows, String what) {
        for (Row r : rows) {
            if (r.what().equals(what) && !Double.isNaN(r.seconds())) {
                return r;
            }
        }
        return null;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)) + " (" + e.getClass().getSimpleName() + ")";
    }

    /** Command-line options. */
    private static final class Options {
        Path model = Path.of("sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
        Path data = Path.of("sample-tests/src/test/resources/fashion-mnist-1000");
        int images = 1000;
        int batch = 100;
        double eps = 0.1;
        int steps = 20;
        double stepSize = 0.01;
        boolean cluster = true;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--model" -> o.model = Path.of(value(args, ++i, a));
                    case "--data" -> o.data = Path.of(value(args, ++i, a));
                    case "--images" -> o.images = Integer.parseInt(value(args, ++i, a));
                    case "--batch" -> o.batch = Integer.parseInt(value(args, ++i, a));
                    case "--eps" -> o.eps = Double.parseDouble(value(args, ++i, a));
                    case "--steps" -> o.steps = Integer.parseInt(value(args, ++i, a));
                    case "--step-size" -> o.stepSize = Double.parseDouble(value(args, ++i, a));
                    case "--no-cluster" -> o.cluster = false;
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option " + a + "; see the SparkScalingBenchmark javadoc for the options");
                }
            }
            if (o.images < 4 || o.batch < 1) {
                throw new IllegalArgumentException("--images must be >= 4 and --batch >= 1");
            }
            return o;
        }
    }
}
