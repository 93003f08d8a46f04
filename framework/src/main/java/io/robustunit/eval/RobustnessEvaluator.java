package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDManager;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackFactory;
import io.robustunit.attack.Attacks;
import io.robustunit.data.Batch;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.io.FileDigests;
import io.robustunit.model.Classifier;
import io.robustunit.model.FixedRowBatches;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * Runs an attack against a classifier over a dataset and reports robust accuracy.
 *
 * <p>Each batch runs in its own {@link NDManager} sub-scope: clean logits, the attack, a check that
 * every adversarial example lies inside the threat model's ball and input range, and the
 * adversarial logits; only plain Java numbers leave the scope. An example that violates the threat
 * model is recorded as a {@link ValidityFinding} and scored on its projection back into the ball
 * and range. The attack receives each sample's dataset index and draws that sample's randomness
 * from (attack seed, dataset index) alone ({@link io.robustunit.random.Seeds}), so the
 * report depends neither on the batch size, thread scheduling or listeners, nor on how the
 * dataset was cut into shards.
 *
 * <pre>{@code
 * RobustnessEvaluator evaluator = RobustnessEvaluator.builder()
 *         .batchSize(200)
 *         .listener(progress -> System.err.println(progress.samplesDone() + "/" + progress.totalSamples()))
 *         .build();
 * RobustnessReport report = evaluator.evaluate(model, FashionMnist.test().first(1000), pgd);
 * RobustnessCurve curve = evaluator.sweep(model, data, pgd, 0.05, 0.1, 0.2);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class RobustnessEvaluator {

    /** Default number of samples per batch. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    /** Default number of broken samples whose pixels a report keeps. */
    public static final int DEFAULT_RETAINED_EXAMPLES = 8;

    /**
     * Relative slack (times {@code max(1, epsilon)}, and times the range width for the range check)
     * granted to float32 rounding before an adversarial example counts as outside the ball or range.
     */
    public static final double TOLERANCE = 1e-5;

    private static final System.Logger LOG = System.getLogger(RobustnessEvaluator.class.getName());

    private final int batchSize;
    private final int parallelism;
    private final List<EvaluationListener> listeners;
    private final String modelName;
    private final String modelSha256;
    private final int retainedExamples;
    private final EvaluationBackend backend;

    private RobustnessEvaluator(Builder b) {
        this.backend = b.backendSet
                ? b.backend
                : EvaluationBackends.fromSystemProperties().orElse(null);
        this.batchSize = b.batchSize;
        this.parallelism = b.parallelism;
        this.listeners = List.copyOf(b.listeners);
        this.modelName = b.modelName;
        this.modelSha256 = b.modelSha256;
        this.retainedExamples = b.retainedExamples;
    }

    /** A builder with batch size {@value #DEFAULT_BATCH_SIZE}, one thread and no listener. */
    public static Builder builder() {
        return new Builder();
    }

    public int batchSize() {
        return batchSize;
    }

    public int parallelism() {
        return parallelism;
    }

    /** Samples of broken examples a report keeps. */
    public int retainedExamples() {
        return retainedExamples;
    }

    /** Where {@link #evaluate} runs when not in this JVM (e.g. a Spark cluster). */
    public java.util.Optional<EvaluationBackend> backend() {
        return java.util.Optional.ofNullable(backend);
    }

    /** The model name reports record for {@code model}. */
    public String modelNameFor(Classifier model) {
        return modelName != null ? modelName : model.name();
    }

    /** The model digest reports record for {@code model}, if known. */
    public java.util.Optional<String> modelSha256For(Classifier model) {
        return java.util.Optional.ofNullable(
                modelSha256 != null ? modelSha256 : model.sha256().orElse(null));
    }

    /** This evaluator without a backend and without listeners: what runs a shard inside a task. */
    public RobustnessEvaluator local() {
        Builder b = builder()
                .batchSize(batchSize)
                .parallelism(parallelism)
                .retainExamples(retainedExamples)
                .modelName(modelName)
                .modelSha256(modelSha256)
                .backend(null);
        return b.build();
    }

    /** The settings that can change a report, as a value (for cache keys). */
    public EvaluatorSettings settings() {
        return new EvaluatorSettings(batchSize, retainedExamples, modelName, modelSha256);
    }

    /**
     * Evaluates {@code attack} against {@code model} on every sample of {@code data}.
     *
     * @throws IllegalArgumentException if the data is empty or does not fit the model's contract
     *     (image shape, class count), or the threat model's range exceeds the model's input range
     * @throws IllegalStateException if the attack returns a result of the wrong shape or type
     */
    public RobustnessReport evaluate(Classifier model, LabeledImages data, Attack attack) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(attack, "attack");
        Attack resolved = checkCompatible(model, data, attack);
        if (backend != null) {
            RobustnessReport report = backend.evaluate(model, data, resolved, this);
            for (EvaluationListener listener : listeners) {
                listener.finished(report);
            }
            return report;
        }
        RobustUnitEngine.pytorch();
        return new Run(model, data, resolved, DataFingerprints.sha256(data), null).execute();
    }

    /**
     * Evaluates {@code part}, a shard of a larger evaluation, and records {@code shard} and the
     * fingerprint of the whole data: what a distributed backend runs in each task. Always runs in
     * this JVM.
     *
     * @param shard which shard {@code part} is
     * @param dataFingerprint {@link DataFingerprints#sha256} of the whole data
     */
    public RobustnessReport evaluatePart(
            Classifier model, LabeledImages part, Attack attack, Shard shard, String dataFingerprint) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(attack, "attack");
        Objects.requireNonNull(shard, "shard");
        Attack resolved = checkCompatible(model, part, attack);
        RobustUnitEngine.pytorch();
        return new Run(model, part, resolved, dataFingerprint, shard).execute();
    }

    /**
     * Evaluates shard {@code index} of {@code count} of {@code data}: the samples at positions
     * {@code index, index + count, ...} ({@link LabeledImages#shard(int, int)}). The report records
     * the shard and the fingerprint of the whole of {@code data}, so that
     * {@link RobustnessReport#merge(List)} can check that shards fit and cover the data; the merge
     * of all {@code count} shards equals {@link #evaluate} of {@code data} apart from the wall time.
     *
     * @throws IllegalArgumentException if {@code index} is not in {@code [0, count)} or the shard is
     *     empty (more shards than samples), and for the reasons of {@link #evaluate}
     */
    public RobustnessReport evaluateShard(Classifier model, LabeledImages data, Attack attack, int index, int count) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(attack, "attack");
        Shard shard = Shard.of(index, count, data);
        LabeledImages part = data.shard(index, count);
        if (part.size() == 0) {
            throw new IllegalArgumentException("shard " + shard.spec() + " of " + data.name() + " is empty: "
                    + data.size() + " samples make at most " + data.size() + " shards");
        }
        Attack resolved = checkCompatible(model, part, attack);
        RobustUnitEngine.pytorch();
        return new Run(model, part, resolved, DataFingerprints.sha256(data), shard).execute();
    }

    /**
     * Evaluates the attack at each radius (the attack's threat model with another epsilon) and
     * returns the reports by ascending epsilon.
     *
     * @throws IllegalArgumentException if no epsilon is given, one is repeated, or one is invalid
     *     for the threat model
     */
    public RobustnessCurve sweep(Classifier model, LabeledImages data, Attack attack, double... epsilons) {
        Objects.requireNonNull(attack, "attack");
        if (epsilons == null || epsilons.length == 0) {
            throw new IllegalArgumentException("sweep needs at least one epsilon");
        }
        requireAttackEpsilonAmong(attack, epsilons);
        double[] sorted = epsilons.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("epsilon " + sorted[i] + " is given twice");
            }
        }
        List<ThreatModel> threatModels = new ArrayList<>();
        for (double eps : sorted) {
            threatModels.add(attack.threatModel().withEpsilon(eps));
        }
        List<RobustnessReport> reports = new ArrayList<>();
        for (ThreatModel tm : threatModels) {
            reports.add(evaluate(model, data, attack.withThreatModel(tm)));
        }
        return RobustnessCurve.of(reports);
    }

    /**
     * Evaluates the attack that {@code attack} builds for each radius of {@code ball}'s norm and
     * range, and returns the reports by ascending epsilon: the way to sweep an attack that has no
     * epsilon of its own.
     *
     * @param ball the norm and input range; its epsilon is ignored
     * @throws IllegalArgumentException if no epsilon is given, one is repeated or invalid, or the
     *     factory cannot build the attack for one
     */
    public RobustnessCurve sweep(
            Classifier model, LabeledImages data, AttackFactory attack, ThreatModel ball, double... epsilons) {
        Objects.requireNonNull(attack, "attack");
        Objects.requireNonNull(ball, "ball");
        if (epsilons == null || epsilons.length == 0) {
            throw new IllegalArgumentException("sweep needs at least one epsilon");
        }
        double[] sorted = epsilons.clone();
        Arrays.sort(sorted);
        List<RobustnessReport> reports = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("epsilon " + sorted[i] + " is given twice");
            }
            reports.add(evaluate(model, data, build(attack, ball.withEpsilon(sorted[i]))));
        }
        return RobustnessCurve.of(reports);
    }

    /** The factory's attack for {@code threatModel}, its failure named. */
    public static Attack build(AttackFactory factory, ThreatModel threatModel) {
        try {
            return Objects.requireNonNull(factory.create(threatModel), "the factory returned no attack");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot build the attack for " + threatModel + ": " + e.getMessage(), e);
        }
    }

    /**
     * A sweep evaluates the attack at each epsilon; an attack built for an epsilon that is not in
     * the sweep would have its radius silently replaced (and its step size, tuned for that radius,
     * reused at others), so that is refused.
     *
     * @throws IllegalArgumentException if the attack's epsilon is not one of {@code epsilons}
     */
    public static void requireAttackEpsilonAmong(Attack attack, double... epsilons) {
        double own = attack.threatModel().epsilon();
        for (double eps : epsilons) {
            if (Math.abs(eps - own) <= 1e-12) {
                return;
            }
        }
        String listed = Arrays.stream(epsilons)
                .mapToObj(e -> String.format(java.util.Locale.ROOT, "%.4g", e))
                .collect(java.util.stream.Collectors.joining(", "));
        throw new IllegalArgumentException(String.format(
                java.util.Locale.ROOT,
                "the sweep's epsilons [%s] do not include the epsilon %.4g of %s; build the attack at one of"
                        + " the sweep's epsilons (its other settings are reused at every point) or add %.4g to the sweep",
                listed,
                own,
                attack,
                own));
    }

    /**
     * Checks data and model against each other and returns the attack with its threat model on the
     * model's input range (see {@link ThreatModel#resolvedFor}).
     */
    private static Attack checkCompatible(Classifier model, LabeledImages data, Attack attack) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("dataset " + data.name() + " is empty; evaluate at least one sample");
        }
        DataContract.check(model.contract(), data, model.name());
        InputContract contract = model.contract();
        Attacks.checkApplicable(attack, model);
        ThreatModel tm = Objects.requireNonNull(attack.threatModel(), "attack.threatModel()");
        ThreatModel onModel = tm.resolvedFor(contract.min(), contract.max(), model.name());
        return onModel.equals(tm) ? attack : attack.withThreatModel(onModel);
    }

    /** One evaluation: progress bookkeeping shared by the batches. */
    private final class Run {

        private final Classifier model;
        private final LabeledImages data;
        private final Attack attack;
        private final ThreatModel threatModel;
        private final String attackDescription;
        private final long start = System.nanoTime();
        private int samplesDone;
        private int cleanCorrectSoFar;
        private int robustSoFar;
        private final java.util.Set<EvaluationListener> failedListeners =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        private final String dataFingerprint;
        private final Shard shard;

        Run(Classifier model, LabeledImages data, Attack attack, String dataFingerprint, Shard shard) {
            this.dataFingerprint = dataFingerprint;
            this.shard = shard;
            this.model = model;
            this.data = data;
            this.attack = attack;
            this.threatModel = attack.threatModel();
            this.attackDescription = attack.toString();
        }

        RobustnessReport execute() {
            int batches = (data.size() + batchSize - 1) / batchSize;
            notifyListeners(l -> l.started(progress()));
            List<BatchEvaluation.Result> results = new ArrayList<>();
            try (NDManager base = NDManager.newBaseManager(model.device())) {
                if (parallelism == 1 || batches == 1) {
                    for (int b = 0; b < batches; b++) {
                        results.add(runBatch(base, b));
                    }
                } else {
                    results.addAll(runInParallel(base, batches));
                }
            }
            RobustnessReport.Builder report = RobustnessReport.builder()
                    .modelName(modelName != null ? modelName : model.name())
                    .modelSha256(
                            modelSha256 != null ? modelSha256 : model.sha256().orElse(null))
                    .dataset(data.name(), data.classNames())
                    .dataFingerprint(dataFingerprint)
                    .numerics(FixedRowBatches.numerics())
                    .shard(shard)
                    .attack(attack.name(), attackDescription, threatModel, attack.seed());
            for (BatchEvaluation.Result r : results) {
                report.outcomes(r.outcomes()).findings(r.findings());
            }
            report.examples(results.stream()
                    .flatMap(r -> r.examples().stream())
                    .sorted(java.util.Comparator.comparingInt(AdversarialExample::datasetIndex))
                    .limit(retainedExamples)
                    .toList());
            RobustnessReport finished =
                    report.wallTime(Duration.ofNanos(System.nanoTime() - start)).build();
            notifyListeners(l -> l.finished(finished));
            return finished;
        }

        private List<BatchEvaluation.Result> runInParallel(NDManager base, int batches) {
            AtomicInteger threadNumber = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "robustunit-eval-" + threadNumber.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, batches), factory);
            try {
                List<Future<BatchEvaluation.Result>> futures = new ArrayList<>();
                for (int b = 0; b < batches; b++) {
                    int batch = b;
                    futures.add(pool.submit(() -> runBatch(base, batch)));
                }
                List<BatchEvaluation.Result> results = new ArrayList<>();
                for (Future<BatchEvaluation.Result> f : futures) {
                    results.add(f.get());
                }
                return results;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("evaluation interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } finally {
                pool.shutdownNow();
            }
        }

        private BatchEvaluation.Result runBatch(NDManager base, int b) {
            int from = b * batchSize;
            int to = Math.min(data.size(), from + batchSize);
            BatchEvaluation.Result result;
            try (NDManager scope = base.newSubManager()) {
                Batch batch = data.batch(scope, from, to);
                result = new BatchEvaluation(model, attack, threatModel, batch, retainedExamples).run();
            }
            synchronized (this) {
                samplesDone += result.outcomes().size();
                for (SampleOutcome o : result.outcomes()) {
                    cleanCorrectSoFar += o.cleanCorrect() ? 1 : 0;
                    robustSoFar += o.robust() ? 1 : 0;
                }
                EvaluationProgress p = progress();
                notifyListeners(l -> l.progressed(p));
            }
            return result;
        }

        private EvaluationProgress progress() {
            return new EvaluationProgress(
                    attackDescription,
                    samplesDone,
                    data.size(),
                    cleanCorrectSoFar,
                    robustSoFar,
                    Duration.ofNanos(System.nanoTime() - start));
        }

        private synchronized void notifyListeners(java.util.function.Consumer<EvaluationListener> event) {
            for (EvaluationListener listener : listeners) {
                if (failedListeners.contains(listener)) {
                    continue;
                }
                try {
                    event.accept(listener);
                } catch (RuntimeException e) {
                    failedListeners.add(listener);
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "evaluation listener " + listener
                                    + " failed and is ignored for the rest of this evaluation: " + e);
                }
            }
        }
    }

    /** Configures a {@link RobustnessEvaluator}. */
    public static final class Builder {

        private int batchSize = DEFAULT_BATCH_SIZE;
        private int parallelism = 1;
        private final List<EvaluationListener> listeners = new ArrayList<>();
        private String modelName;
        private String modelSha256;
        private int retainedExamples = DEFAULT_RETAINED_EXAMPLES;
        private EvaluationBackend backend;
        private boolean backendSet;

        private Builder() {}

        /**
         * Runs evaluations on {@code backend} (e.g. {@code SparkEvaluation.backend(...)}) instead of
         * this JVM; null runs them here. Without this call the system properties decide (e.g.
         * {@code -Drobustunit.spark.master=spark://host:7077} with robustunit-spark on the class
         * path), so a gate in a CI job can run its evaluation on a cluster unchanged.
         */
        public Builder backend(EvaluationBackend backend) {
            this.backend = backend;
            this.backendSet = true;
            return this;
        }

        /** Samples per batch (default {@value #DEFAULT_BATCH_SIZE}); does not change the seeds' role. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Number of batches evaluated concurrently (default 1). Gradient computations run
         * concurrently too (grad mode is per thread, see {@code GradientRecording}); results do not
         * depend on it.
         */
        public Builder parallelism(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, was " + threads);
            }
            this.parallelism = threads;
            return this;
        }

        /** Adds a progress listener. */
        public Builder listener(EvaluationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The model name to report instead of {@code Classifier#name()}. */
        public Builder modelName(String name) {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("modelName must not be blank");
            }
            this.modelName = name;
            return this;
        }

        /**
         * The SHA-256 (64 hex digits) to record in reports instead of the model's own
         * {@link Classifier#sha256()} (the digest of the file it was loaded from); see {@link FileDigests}.
         */
        public Builder modelSha256(String sha256) {
            if (sha256 != null && !FileDigests.isSha256(sha256)) {
                throw new IllegalArgumentException("modelSha256 must be 64 hex digits, was '" + sha256 + "'");
            }
            this.modelSha256 = sha256;
            return this;
        }

        /**
         * How many broken samples (those with the lowest dataset indices) the report keeps with their clean and
         * adversarial pixels, for pictures in test reports (default
         * {@value RobustnessEvaluator#DEFAULT_RETAINED_EXAMPLES}; 0 keeps none).
         */
        public Builder retainExamples(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("retainExamples must be >= 0, was " + count);
            }
            this.retainedExamples = count;
            return this;
        }

        public RobustnessEvaluator build() {
            return new RobustnessEvaluator(this);
        }
    }
}
