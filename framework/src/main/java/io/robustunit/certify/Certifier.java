package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.NativeArrays;
import io.robustunit.engine.PyTorchCalls;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputContract;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Randomized smoothing: CERTIFY and PREDICT of Cohen, Rosenfeld and Kolter (ICML 2019) for any
 * {@link Classifier}, with forward passes only.
 *
 * <p>The smoothed classifier returns the class the base model most likely predicts under Gaussian
 * noise {@code N(0, sigma^2 I)} added in pixel space (not clipped). CERTIFY selects that class from
 * {@code n0} noisy draws, counts it among {@code n} fresh draws, bounds its probability below by the
 * one-sided Clopper-Pearson bound {@code pA} at level {@code 1 - alpha}, abstains when
 * {@code pA < 1/2} and otherwise certifies the L2 radius {@code sigma * PhiInverse(pA)}: with
 * probability at least {@code 1 - alpha} the smoothed classifier returns the same class everywhere
 * within that radius.
 *
 * <p>Noise is drawn on the engine in blocks of at most {@link #NOISE_BLOCK} draws; each block is
 * seeded from (seed, dataset index, phase, block number) only, so a sample's certificate does not
 * depend on the batch size, the thread count, the other samples or the shard it runs in. Forward
 * batches mix draws of consecutive samples, so small {@code n0} fills the batch too.
 *
 * <pre>{@code
 * Certifier certifier = Certifier.builder().sigma(0.25).draws(100, 10_000).alpha(0.001).seed(0).build();
 * CertificationReport report = certifier.certify(model, test);
 * report.certifiedAccuracy(0.5);
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Certifier {

    /** Forward batch size (noisy draws per forward pass) unless set. */
    public static final int DEFAULT_BATCH_SIZE = 500;

    /** Most draws per seeded noise block (fewer for large images: at most 4M values a block). */
    public static final int NOISE_BLOCK = 1000;

    private static final int SELECTION = 0;
    private static final int ESTIMATION = 1;
    private static final int PREDICTION = 2;

    private final CertificationSettings settings;
    private final int batchSize;
    private final List<CertificationListener> listeners;
    private final String modelName;

    private Certifier(Builder b) {
        this.settings = new CertificationSettings(b.sigma, b.n0, b.n, b.alpha, b.seed);
        this.batchSize = b.batchSize;
        this.listeners = List.copyOf(b.listeners);
        this.modelName = b.modelName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A certifier with these settings and the default batch size. */
    public static Certifier of(CertificationSettings settings) {
        return builder().settings(settings).build();
    }

    public CertificationSettings settings() {
        return settings;
    }

    public int batchSize() {
        return batchSize;
    }

    /**
     * CERTIFY on every sample of {@code data}.
     *
     * @throws IllegalArgumentException if the model and the data do not fit together
     */
    public CertificationReport certify(Classifier model, LabeledImages data) {
        checkCompatible(model, data);
        long start = System.nanoTime();
        int total = data.size();
        List<Certificate> certificates = new ArrayList<>(total);
        int[] tallies = new int[2];
        Sampler sampler = new Sampler(
                model,
                data,
                new int[] {SELECTION, ESTIMATION},
                new int[] {settings.n0(), settings.n()},
                start,
                (i, counts) -> {
                    Certificate c = certificate(data.datasetIndex(i), data.label(i), counts[0], counts[1], settings);
                    certificates.add(c);
                    tallies[0] += c.correct() ? 1 : 0;
                    tallies[1] += c.abstained() ? 1 : 0;
                    return new int[] {tallies[0], tallies[1]};
                });
        sampler.run();
        return CertificationReport.builder()
                .modelName(modelName != null ? modelName : model.name())
                .dataset(data.name(), data.classNames())
                .settings(settings)
                .certificates(certificates)
                .wallTime(Duration.ofNanos(System.nanoTime() - start))
                .build();
    }

    /**
     * PREDICT on every sample of {@code data}: {@code n} draws each (noise independent of
     * CERTIFY's), the binomial test at level {@code alpha}.
     */
    public List<SmoothedPrediction> predict(Classifier model, LabeledImages data) {
        checkCompatible(model, data);
        List<SmoothedPrediction> predictions = new ArrayList<>(data.size());
        int[] tallies = new int[2];
        new Sampler(model, data, new int[] {PREDICTION}, new int[] {settings.n()}, System.nanoTime(), (i, counts) -> {
                    SmoothedPrediction p = prediction(data.datasetIndex(i), data.label(i), counts[0], settings.alpha());
                    predictions.add(p);
                    tallies[0] += p.correct() ? 1 : 0;
                    tallies[1] += p.abstained() ? 1 : 0;
                    return new int[] {tallies[0], tallies[1]};
                })
                .run();
        return predictions;
    }

    /**
     * The statistics of CERTIFY, given the class counts of the selection and estimation draws.
     *
     * @param selectionCounts per class, how many of the {@code n0} selection draws predicted it
     * @param estimationCounts per class, how many of the {@code n} estimation draws predicted it
     */
    public static Certificate certificate(
            int datasetIndex,
            int label,
            int[] selectionCounts,
            int[] estimationCounts,
            CertificationSettings settings) {
        int selected = argmax(selectionCounts);
        int n = 0;
        for (int c : estimationCounts) {
            n += c;
        }
        double pA = Binomial.lowerConfidenceBound(estimationCounts[selected], n, settings.alpha());
        boolean abstain = pA < 0.5;
        double radius = abstain ? 0.0 : settings.sigma() * Normal.quantile(pA);
        return new Certificate(
                datasetIndex, label, selected, selectionCounts[selected], estimationCounts, pA, abstain, radius);
    }

    /** The statistics of PREDICT, given the class counts of the {@code n} draws. */
    public static SmoothedPrediction prediction(int datasetIndex, int label, int[] counts, double alpha) {
        Binomial.checkAlpha(alpha);
        int top = argmax(counts);
        int second = -1;
        for (int c = 0; c < counts.length; c++) {
            if (c != top && (second < 0 || counts[c] > counts[second])) {
                second = c;
            }
        }
        int topCount = counts[top];
        int secondCount = second < 0 ? 0 : counts[second];
        double p = Binomial.twoSidedPValueAtHalf(topCount, topCount + secondCount);
        return new SmoothedPrediction(
                datasetIndex, label, p > alpha ? Certificate.ABSTAIN : top, topCount, secondCount, p);
    }

    private static int argmax(int[] counts) {
        int best = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return best;
    }

    private static void checkCompatible(Classifier model, LabeledImages data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        if (data.size() == 0) {
            throw new IllegalArgumentException("dataset " + data.name() + " is empty; certify at least one sample");
        }
        InputContract contract = model.contract();
        if (!contract.inputShape().equals(data.imageShape())) {
            throw new IllegalArgumentException("model " + model.name() + " expects inputs of shape "
                    + contract.inputShape() + " but " + data.name() + " has images of shape " + data.imageShape());
        }
        if (contract.numClasses() != data.numClasses()) {
            throw new IllegalArgumentException("model " + model.name() + " has " + contract.numClasses()
                    + " classes but " + data.name() + " has " + data.numClasses());
        }
    }

    /** Seed of one noise block: SplitMix64 over (seed, dataset index, phase, block). */
    static long blockSeed(long seed, int datasetIndex, int phase, int block) {
        long h = mix(seed ^ 0x5DEECE66DL);
        h = mix(h ^ datasetIndex);
        h = mix(h ^ ((long) phase << 32 | (block & 0xffffffffL)));
        return h ^ (h >>> 32);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Draws per noise block for images of {@code values} values each. */
    static int blockDraws(long values) {
        return (int) Math.max(1, Math.min(NOISE_BLOCK, (4L << 20) / Math.max(1, values)));
    }

    /** Receives a sample's class counts per phase; returns (certified, abstained) so far. */
    @FunctionalInterface
    private interface SampleDone {
        int[] accept(int position, int[][] counts);
    }

    /** One slice of noisy inputs waiting for a forward pass. */
    private static final class Segment {
        final NDManager scope;
        final NDArray inputs;
        final Pending owner;
        final int phase;
        final int length;
        int consumed;

        Segment(NDManager scope, NDArray inputs, Pending owner, int phase, int length) {
            this.scope = scope;
            this.inputs = inputs;
            this.owner = owner;
            this.phase = phase;
            this.length = length;
        }
    }

    /** A sample whose draws are under way. */
    private static final class Pending {
        final int position;
        final int[][] counts;
        long remaining;

        Pending(int position, int phases, int classes, long draws) {
            this.position = position;
            this.counts = new int[phases][classes];
            this.remaining = draws;
        }
    }

    /** Streams the noisy draws of all samples through forward batches of {@code batchSize}. */
    private final class Sampler {
        private final Classifier model;
        private final LabeledImages data;
        private final int[] phases;
        private final int[] drawsPerPhase;
        private final long start;
        private final SampleDone done;
        private final Deque<Segment> queue = new ArrayDeque<>();
        private final Shape imageShape;
        private final int classes;
        private final long totalDraws;
        private int queued;
        private long drawsDone;
        private int samplesDone;
        private int[] tallies = {0, 0};

        Sampler(Classifier model, LabeledImages data, int[] phases, int[] drawsPerPhase, long start, SampleDone done) {
            this.model = model;
            this.data = data;
            this.phases = phases;
            this.drawsPerPhase = drawsPerPhase;
            this.start = start;
            this.done = done;
            this.imageShape = data.imageShape();
            this.classes = model.contract().numClasses();
            long perSample = 0;
            for (int d : drawsPerPhase) {
                perSample += d;
            }
            this.totalDraws = perSample * data.size();
        }

        void run() {
            int block = blockDraws(imageShape.size());
            float sigma = (float) settings.sigma();
            long perSample = totalDraws / data.size();
            try (NDManager base = RobustUnitEngine.pytorch().newBaseManager(model.device())) {
                for (int i = 0; i < data.size(); i++) {
                    Pending sample = new Pending(i, phases.length, classes, perSample);
                    int index = data.datasetIndex(i);
                    float[] pixels = data.image(i);
                    for (int p = 0; p < phases.length; p++) {
                        int draws = drawsPerPhase[p];
                        for (int b = 0; b * (long) block < draws; b++) {
                            int size = Math.min(block, draws - b * block);
                            NDManager scope = base.newSubManager();
                            NDArray noisy = PyTorchCalls.seededNormal(
                                    scope,
                                    blockSeed(settings.seed(), index, phases[p], b),
                                    sigma,
                                    new Shape(size).addAll(imageShape));
                            try (NDArray x = NativeArrays.floats(scope, pixels, new Shape(1).addAll(imageShape))) {
                                noisy.addi(x);
                            }
                            queue.add(new Segment(scope, noisy, sample, p, size));
                            queued += size;
                            while (queued >= batchSize) {
                                forward(base, batchSize);
                            }
                        }
                    }
                }
                while (queued > 0) {
                    forward(base, Math.min(queued, batchSize));
                }
            } finally {
                for (Segment s : queue) {
                    s.scope.close();
                }
                queue.clear();
            }
        }

        /** One forward pass over the next {@code size} queued draws. */
        private void forward(NDManager base, int size) {
            List<Segment> used = new ArrayList<>();
            List<int[]> ranges = new ArrayList<>();
            long[] predicted;
            try (NDManager scope = base.newSubManager()) {
                NDList pieces = new NDList();
                int taken = 0;
                for (Segment s : queue) {
                    if (taken == size) {
                        break;
                    }
                    int take = Math.min(size - taken, s.length - s.consumed);
                    NDArray piece = s.consumed == 0 && take == s.length
                            ? s.inputs
                            : s.inputs.get(new NDIndex("{}:{}", s.consumed, s.consumed + take));
                    if (piece != s.inputs) {
                        piece.attach(scope);
                    }
                    pieces.add(piece);
                    used.add(s);
                    ranges.add(new int[] {taken, take});
                    taken += take;
                }
                NDArray batch = pieces.size() == 1 ? pieces.get(0) : NDArrays.concat(pieces);
                if (pieces.size() > 1) {
                    batch.attach(scope);
                }
                NDArray logits = model.noisyLogits(batch);
                logits.attach(scope);
                NDArray classesOf = logits.argMax(1);
                predicted = classesOf.getDataType() == DataType.INT64
                        ? classesOf.toLongArray()
                        : toLongs(classesOf.toType(DataType.INT64, false));
            }
            for (int k = 0; k < used.size(); k++) {
                Segment s = used.get(k);
                int from = ranges.get(k)[0];
                int take = ranges.get(k)[1];
                int[] counts = s.owner.counts[s.phase];
                for (int j = from; j < from + take; j++) {
                    counts[(int) predicted[j]]++;
                }
                s.consumed += take;
                s.owner.remaining -= take;
                if (s.consumed == s.length) {
                    queue.removeFirst();
                    s.scope.close();
                }
                if (s.owner.remaining == 0) {
                    tallies = done.accept(s.owner.position, s.owner.counts);
                    samplesDone++;
                }
            }
            queued -= size;
            drawsDone += size;
            notifyListeners();
        }

        private long[] toLongs(NDArray a) {
            return a.toLongArray();
        }

        private void notifyListeners() {
            if (listeners.isEmpty()) {
                return;
            }
            CertificationProgress p = new CertificationProgress(
                    samplesDone,
                    data.size(),
                    drawsDone,
                    totalDraws,
                    tallies[0],
                    tallies[1],
                    Duration.ofNanos(System.nanoTime() - start));
            for (CertificationListener l : listeners) {
                l.progressed(p);
            }
        }
    }

    /** Builds a {@link Certifier}; sigma, n0 and n are required. */
    public static final class Builder {
        private double sigma = Double.NaN;
        private int n0 = -1;
        private int n = -1;
        private double alpha = 0.001;
        private long seed;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private final List<CertificationListener> listeners = new ArrayList<>();
        private String modelName;

        private Builder() {}

        /** Noise standard deviation in pixel space (required). */
        public Builder sigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /** Selection draws {@code n0} and estimation draws {@code n} (required). */
        public Builder draws(int n0, int n) {
            this.n0 = n0;
            this.n = n;
            return this;
        }

        /** Failure probability, default 0.001. */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Seed of the noise, default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** All of sigma, n0, n, alpha and seed at once. */
        public Builder settings(CertificationSettings s) {
            return sigma(s.sigma()).draws(s.n0(), s.n()).alpha(s.alpha()).seed(s.seed());
        }

        /** Noisy draws per forward pass, default {@value #DEFAULT_BATCH_SIZE}; never changes results. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder listener(CertificationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The model name in the report, instead of {@link Classifier#name()}. */
        public Builder modelName(String name) {
            this.modelName = name;
            return this;
        }

        /** @throws IllegalArgumentException if a setting is missing or out of range */
        public Certifier build() {
            if (Double.isNaN(sigma)) {
                throw new IllegalArgumentException("set the noise level: Certifier.builder().sigma(0.25)");
            }
            if (n0 < 0 || n < 0) {
                throw new IllegalArgumentException(
                        "set the draws: Certifier.builder().draws(n0, n), e.g. draws(100, 10_000)");
            }
            return new Certifier(this);
        }
    }
}
