package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.NativeArrays;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * The Square attack (Andriushchenko et al., ECCV 2020), Linf: a score-based black-box attack that
 * queries only {@link io.robustunit.model.Classifier#logits} — no gradients.
 *
 * <p>It starts from vertical stripes of {@code +-eps} and then, once per query, proposes to overwrite
 * a random square window with a new {@code +-eps} value per channel, keeping the proposal if it
 * lowers the margin {@code z_y - max_{j != y} z_j}. The window covers a fraction {@code p} of the
 * image, halved on the paper's schedule (at 10, 50, 200, 500, 1000, 2000, 4000, 6000 and 8000 of
 * 10,000 iterations, rescaled to the query budget) from {@code p_init = 0.8}. A sample stops being
 * attacked once misclassified. Inputs must be images {@code [N, C, H, W]}.
 *
 * <pre>{@code
 * Attack square = Attacks.square(ThreatModel.linf(0.1)).queries(1000).seed(1);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class Square extends BatchAttack {

    private static final int MAX_REDRAWS = 100;

    private final int queries;
    private final double pInit;

    private Square(ThreatModel threatModel, int queries, double pInit, long seed) {
        super(AttackInputs.supported("Square", threatModel, Norm.LINF), seed);
        this.queries = AttackInputs.atLeastOne("queries", queries);
        if (!(pInit > 0 && pInit <= 1)) {
            throw new IllegalArgumentException("pInit must be in (0, 1], was " + pInit);
        }
        this.pInit = pInit;
    }

    /** Square with 1,000 queries, {@code p_init = 0.8}, seed 0. */
    static Square of(ThreatModel threatModel) {
        return new Square(threatModel, 1000, 0.8, 0L);
    }

    /** The query budget per sample, {@code >= 1} (the first query is the starting point). */
    public Square queries(int n) {
        return new Square(threatModel(), n, pInit, seed());
    }

    /** The initial fraction of pixels changed per query, in {@code (0, 1]}. */
    public Square pInit(double p) {
        return new Square(threatModel(), queries, p, seed());
    }

    /** The same attack with another seed. */
    public Square seed(long newSeed) {
        return new Square(threatModel(), queries, pInit, newSeed);
    }

    @Override
    public Square withSeed(long newSeed) {
        return seed(newSeed);
    }

    @Override
    public Square withThreatModel(ThreatModel newThreatModel) {
        return new Square(newThreatModel, queries, pInit, seed());
    }

    public int queries() {
        return queries;
    }

    public double pInit() {
        return pInit;
    }

    @Override
    public String name() {
        return "Square";
    }

    @Override
    public boolean needsGradients() {
        return false;
    }

    /** The fraction of pixels to change at iteration {@code it} of {@code n} (paper's schedule). */
    static double p(double pInit, int it, int n) {
        int scaled = (int) ((double) it / n * 10000);
        int[] bounds = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000, 10000};
        for (int k = 0; k < bounds.length - 1; k++) {
            if (scaled > bounds[k] && scaled <= bounds[k + 1]) {
                return pInit / (2 << k);
            }
        }
        return pInit;
    }

    @Override
    void run(AttackRun run) {
        Shape shape = run.original().getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("Square: inputs must be images [N, C, H, W], was shape " + shape);
        }
        int channels = (int) shape.get(1);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        StrongestIterates iterates = run.iterates();
        run.checkClean(run.allRows());
        int[] rows = iterates.unbroken();
        if (rows.length == 0 || threatModel().epsilon() == 0) {
            return;
        }
        new Search(run, rows, channels, height, width).search();
    }

    /** The per-sample state of one search, in Java arrays. */
    private final class Search {

        private final AttackRun run;
        private final int[] rows;
        private final int c;
        private final int h;
        private final int w;
        private final int dim;
        private final float eps;
        private final float min;
        private final float max;
        private final float[] clean;
        private final float[] best;
        private final double[] margin;
        private final boolean[] broken;

        Search(AttackRun run, int[] rows, int channels, int height, int width) {
            this.run = run;
            this.rows = rows;
            this.c = channels;
            this.h = height;
            this.w = width;
            this.dim = channels * height * width;
            ThreatModel tm = threatModel();
            this.eps = (float) tm.epsilon();
            this.min = tm.min();
            this.max = tm.max();
            try (NDManager temp = run.scope().newSubManager()) {
                this.clean = ActiveSamples.select(run.original(), rows, temp).toFloatArray();
            }
            this.best = new float[clean.length];
            this.margin = new double[rows.length];
            this.broken = new boolean[rows.length];
        }

        void search() {
            for (int i = 0; i < rows.length; i++) {
                stripes(i, run.random(rows[i]));
            }
            int[] all = new int[rows.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            query(all, best, true);
            for (int it = 0; it < queries - 1; it++) {
                int[] active = ActiveSamples.positions(ActiveSamples.not(broken));
                if (active.length == 0) {
                    break;
                }
                double p = p(pInit, it, queries);
                int side = (int) Math.round(Math.sqrt(p * dim / c));
                side = Math.min(Math.max(side, 1), Math.min(h, w) - 1);
                float[] proposals = new float[active.length * dim];
                for (int a = 0; a < active.length; a++) {
                    propose(active[a], side, run.random(rows[active[a]]), proposals, a * dim);
                }
                query(active, proposals, false);
            }
            try (NDManager temp = run.scope().newSubManager()) {
                NDArray points = NativeArrays.floats(temp, best, new Shape(rows.length, c, h, w));
                boolean[] misclassified = broken.clone();
                run.iterates().offer(rows, points, margin, misclassified, false);
            }
        }

        /** Vertical stripes: one random {@code +-eps} per channel and column. */
        private void stripes(int i, SplittableRandom random) {
            int base = i * dim;
            for (int ch = 0; ch < c; ch++) {
                for (int col = 0; col < w; col++) {
                    float delta = random.nextBoolean() ? eps : -eps;
                    for (int r = 0; r < h; r++) {
                        int k = base + (ch * h + r) * w + col;
                        best[k] = clip(clean[k] + delta);
                    }
                }
            }
        }

        /** Copies sample {@code i}'s best point and overwrites a random window with new values. */
        private void propose(int i, int side, SplittableRandom random, float[] out, int offset) {
            int base = i * dim;
            System.arraycopy(best, base, out, offset, dim);
            int top = random.nextInt(h - side + 1);
            int left = random.nextInt(w - side + 1);
            for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
                boolean changed = false;
                for (int ch = 0; ch < c; ch++) {
                    float delta = random.nextBoolean() ? eps : -eps;
                    for (int r = top; r < top + side; r++) {
                        for (int col = left; col < left + side; col++) {
                            int k = (ch * h + r) * w + col;
                            float value = clip(clean[base + k] + delta);
                            out[offset + k] = value;
                            changed |= Math.abs(value - best[base + k]) >= 1e-7f;
                        }
                    }
                }
                if (changed) {
                    return;
                }
            }
        }

        /** Evaluates points for the samples {@code local} and keeps those that lower the margin. */
        private void query(int[] local, float[] points, boolean initial) {
            try (NDManager temp = run.scope().newSubManager()) {
                NDArray x = NativeArrays.floats(temp, points, new Shape(local.length, c, h, w));
                LogitRows logits = new LogitRows(
                        run.model().logits(x).toFloatArray(), run.iterates().classes());
                for (int a = 0; a < local.length; a++) {
                    int i = local[a];
                    int label = run.iterates().label(rows[i]);
                    double m = logits.margin(a, label);
                    if (initial || m < margin[i]) {
                        margin[i] = m;
                        broken[i] = logits.predicted(a) != label;
                        if (!initial) {
                            System.arraycopy(points, a * dim, best, i * dim, dim);
                        }
                    }
                }
            }
        }

        private float clip(float value) {
            return Math.min(max, Math.max(min, value));
        }
    }

    @Override
    public String toString() {
        return "Square(" + threatModel() + ", " + (queries == 1 ? "1 query" : queries + " queries") + ", p_init "
                + Describe.number(pInit) + ", seed " + seed() + ")";
    }
}
