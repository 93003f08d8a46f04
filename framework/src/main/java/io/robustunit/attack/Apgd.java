package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import org.apiguardian.api.API;

/**
 * Auto-PGD (Croce &amp; Hein, ICML 2020), Linf and L2: a step-size-free PGD with momentum, as in
 * AutoAttack's {@code apgd-ce} and {@code apgd-t}.
 *
 * <p>Starting from a random point on the ball's boundary with step size {@code 2 * eps}, each
 * iteration takes a projected gradient step {@code z} and moves to
 * {@code P(x + alpha (z - x) + (1 - alpha)(x - x_prev))} with momentum {@code alpha = 0.75}. At the
 * checkpoints {@code w_j = ceil(p_j N)}, {@code p_0 = 0}, {@code p_1 = 0.22},
 * {@code p_{j+1} = p_j + max(p_j - p_{j-1} - 0.03, 0.06)}, a sample's step size is halved (and it
 * restarts from its best point) if the loss increased in at most {@code rho = 0.75} of the steps
 * since the last checkpoint, or if its step size was not reduced then and its best loss has not
 * improved since.
 *
 * <p>{@link Attacks#apgdCe} ascends the cross-entropy. {@link Attacks#apgdDlr} is the targeted
 * version on the difference-of-logits-ratio loss
 * {@code -(z_y - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2)}, run once per target class {@code t} among
 * the {@link #targetClasses(int) top-k} (default 9) most likely wrong classes of the clean input,
 * each run on the samples still robust; it needs at least four classes.
 *
 * <p>Every sample keeps its strongest iterate (first misclassified, else lowest margin); the
 * iteration counts are as in AutoAttack ({@code N} iterations after the starting point).
 *
 * <pre>{@code
 * Attack ce = Attacks.apgdCe(ThreatModel.linf(0.1)).iterations(100);
 * Attack t = Attacks.apgdDlr(ThreatModel.l2(1.0)).targetClasses(3);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class Apgd extends BatchAttack {

    /** Fraction of increasing steps below which the step size is halved. */
    public static final double RHO = 0.75;

    /** Weight of the new step against the previous direction. */
    public static final double MOMENTUM = 0.75;

    private final Loss loss;
    private final int iterations;
    private final int restarts;
    private final int targetClasses;
    private final boolean earlyExit;

    private Apgd(
            ThreatModel threatModel,
            Loss loss,
            int iterations,
            int restarts,
            int targetClasses,
            boolean earlyExit,
            long seed) {
        super(AttackInputs.supported(name(loss), threatModel, Norm.LINF, Norm.L2), seed);
        this.loss = loss;
        this.iterations = AttackInputs.atLeastOne("iterations", iterations);
        this.restarts = AttackInputs.atLeastOne("restarts", restarts);
        this.targetClasses = AttackInputs.atLeastOne("targetClasses", targetClasses);
        this.earlyExit = earlyExit;
    }

    /** APGD on the cross-entropy: 100 iterations, one restart, seed 0. */
    static Apgd crossEntropy(ThreatModel threatModel) {
        return new Apgd(threatModel, Loss.CROSS_ENTROPY, 100, 1, 9, false, 0L);
    }

    /** Targeted APGD on the DLR loss: 100 iterations, top-9 target classes, one restart, seed 0. */
    static Apgd targetedDlr(ThreatModel threatModel) {
        return new Apgd(threatModel, Loss.TARGETED_DLR, 100, 1, 9, false, 0L);
    }

    private static String name(Loss loss) {
        return loss == Loss.CROSS_ENTROPY ? "APGD-CE" : "APGD-T";
    }

    /** The same attack with {@code n >= 1} iterations per run. */
    public Apgd iterations(int n) {
        return new Apgd(threatModel(), loss, n, restarts, targetClasses, earlyExit, seed());
    }

    /** The number of random restarts {@code >= 1} (per target class for APGD-T). */
    public Apgd restarts(int n) {
        return new Apgd(threatModel(), loss, iterations, n, targetClasses, earlyExit, seed());
    }

    /**
     * For APGD-T: how many of the most likely wrong classes to target, {@code >= 1}; at most
     * {@code classes - 1} are used.
     *
     * @throws IllegalArgumentException for APGD-CE, which has no targets
     */
    public Apgd targetClasses(int k) {
        if (loss != Loss.TARGETED_DLR) {
            throw new IllegalArgumentException(
                    "targetClasses applies to targeted APGD (Attacks.apgdDlr) only, not to " + name());
        }
        return new Apgd(threatModel(), loss, iterations, restarts, k, earlyExit, seed());
    }

    /** Whether to stop attacking a sample as soon as it is misclassified. */
    public Apgd earlyExit(boolean enabled) {
        return new Apgd(threatModel(), loss, iterations, restarts, targetClasses, enabled, seed());
    }

    /** The same attack with another seed. */
    public Apgd seed(long newSeed) {
        return new Apgd(threatModel(), loss, iterations, restarts, targetClasses, earlyExit, newSeed);
    }

    @Override
    public Apgd withSeed(long newSeed) {
        return seed(newSeed);
    }

    @Override
    public Apgd withThreatModel(ThreatModel newThreatModel) {
        return new Apgd(newThreatModel, loss, iterations, restarts, targetClasses, earlyExit, seed());
    }

    public int iterations() {
        return iterations;
    }

    public int restarts() {
        return restarts;
    }

    /** Whether this is APGD-T (targeted DLR) rather than APGD-CE. */
    public boolean targeted() {
        return loss == Loss.TARGETED_DLR;
    }

    public int targetClasses() {
        return targetClasses;
    }

    public boolean earlyExit() {
        return earlyExit;
    }

    @Override
    public String name() {
        return name(loss);
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    void run(AttackRun run) {
        StrongestIterates iterates = run.iterates();
        int classes = iterates.classes();
        if (loss == Loss.TARGETED_DLR && classes < 4) {
            throw new IllegalArgumentException(
                    name() + ": the targeted DLR loss needs a model with at least 4 classes, model "
                            + run.model().name() + " has " + classes
                            + "; use Attacks.apgdCe for this model");
        }
        LogitRows clean = run.checkClean(run.allRows());
        if (loss == Loss.CROSS_ENTROPY) {
            for (int r = 0; r < restarts; r++) {
                int[] rows = iterates.unbroken();
                if (rows.length == 0) {
                    return;
                }
                attackOnce(run, rows, null);
            }
            return;
        }
        int targets = Math.min(targetClasses, classes - 1);
        for (int t = 0; t < targets; t++) {
            for (int r = 0; r < restarts; r++) {
                int[] rows = iterates.unbroken();
                if (rows.length == 0) {
                    return;
                }
                int[] target = new int[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    target[i] = likelyWrongClass(clean.ranking(rows[i]), iterates.label(rows[i]), t);
                }
                attackOnce(run, rows, target);
            }
        }
    }

    /** The {@code t}-th most likely class other than {@code label} (0-based). */
    private static int likelyWrongClass(int[] ranking, int label, int t) {
        int seen = 0;
        for (int c : ranking) {
            if (c != label && seen++ == t) {
                return c;
            }
        }
        throw new IllegalStateException("no wrong class of rank " + t);
    }

    private void attackOnce(AttackRun run, int[] rows, int[] targets) {
        try (NDManager runScope = run.scope().newSubManager()) {
            new SingleRun(run, runScope, rows, targets).iterate();
        }
    }

    /** One sample's step-size control in an APGD run. */
    private static final class SampleState {

        double stepSize;
        /** The loss at the current point. */
        double loss;
        /** The loss at the point before it. */
        double previousLoss;

        double bestLoss;
        /** The best loss at the last checkpoint. */
        double bestLossAtCheck;
        /** Whether the step size was halved at the last checkpoint. */
        boolean reducedAtCheck = true;
        /** Steps since the last checkpoint that increased the loss. */
        int increases;

        SampleState(double stepSize) {
            this.stepSize = stepSize;
        }

        void observe(double value) {
            previousLoss = loss;
            loss = value;
        }
    }

    /** One APGD run on a set of samples; the per-sample arrays and states stay row-aligned. */
    private final class SingleRun {

        private final AttackRun run;
        private final NDManager runScope;
        private final ThreatModel tm = threatModel();
        private ActiveSamples active;
        private NDArray x;
        private NDArray previous;
        private NDArray gradient;
        private NDArray bestX;
        private NDArray bestGradient;
        private SampleState[] samples;

        SingleRun(AttackRun run, NDManager runScope, int[] rows, int[] targets) {
            this.run = run;
            this.runScope = runScope;
            this.active = ActiveSamples.of(runScope, run.original(), run.iterates(), rows, targets);
        }

        void iterate() {
            int firstCheck = Math.max((int) (0.22 * iterations), 1);
            int minInterval = Math.max((int) (0.06 * iterations), 1);
            int decrease = Math.max((int) (0.03 * iterations), 1);

            samples = new SampleState[active.size()];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = new SampleState(2 * tm.epsilon());
            }
            x = run.randomStart(RandomStart.ON_BOUNDARY, active, runScope);
            boolean[] broken;
            try (NDManager step = runScope.newSubManager()) {
                x.tempAttach(step);
                broken = evaluate(x, true);
                gradient.attach(runScope);
            }
            previous = ActiveSamples.copy(x, runScope);
            bestX = ActiveSamples.copy(x, runScope);
            bestGradient = ActiveSamples.copy(gradient, runScope);
            for (SampleState s : samples) {
                s.bestLoss = s.loss;
                s.bestLossAtCheck = s.loss;
            }
            if (!compact(broken)) {
                return;
            }

            int interval = firstCheck;
            int sinceCheck = 0;
            for (int i = 0; i < iterations; i++) {
                try (NDManager step = runScope.newSubManager()) {
                    boolean last = i == iterations - 1;
                    gradient.attach(step);
                    previous.tempAttach(step);
                    x.tempAttach(step);
                    NDArray next = momentumStep(step, i == 0 ? 1f : (float) MOMENTUM);
                    previous.attach(step);
                    previous = x;
                    x = next;
                    broken = evaluate(x, !last);
                    x.attach(runScope);
                    if (last) {
                        return;
                    }
                    gradient.attach(runScope);
                    track(step);
                    if (++sinceCheck == interval) {
                        checkpoint(step, interval);
                        sinceCheck = 0;
                        interval = Math.max(interval - decrease, minInterval);
                    }
                    if (!compact(broken)) {
                        return;
                    }
                }
            }
        }

        /** {@code P(x + a (z - x) + (1 - a)(x - x_prev))} with {@code z = P(x + eta dir(grad))}. */
        private NDArray momentumStep(NDManager step, float a) {
            NDArray original = active.original();
            double[] stepSizes = new double[samples.length];
            for (int i = 0; i < stepSizes.length; i++) {
                stepSizes[i] = samples[i].stepSize;
            }
            NDArray eta = Steps.perSample(step, stepSizes, x.getShape());
            NDArray z = tm.project(x.add(tm.norm().steepestAscent(gradient).mul(eta)), original);
            NDArray momentum = x.sub(previous).mul(1f - a);
            return tm.project(x.add(z.sub(x).mul(a)).add(momentum), original);
        }

        /**
         * Forward (and backward unless {@code last}) pass at {@code point}: offers it, records each
         * sample's loss and sets {@link #gradient}, owned by {@code point}'s manager.
         */
        private boolean[] evaluate(NDArray point, boolean withGradient) {
            float[] logits;
            if (withGradient) {
                InputGradient g = run.gradient(point, active, loss);
                logits = g.logits().toFloatArray();
                gradient = g.gradient();
            } else {
                logits = run.model().logits(point).toFloatArray();
            }
            boolean[] broken = run.iterates().offer(active.rows(), point, logits, false);
            LogitRows rows = new LogitRows(logits, run.iterates().classes());
            for (int i = 0; i < samples.length; i++) {
                samples[i].observe(loss.value(rows, i, run.iterates().label(active.rows()[i]), active.target(i)));
            }
            return broken;
        }

        /** Counts loss increases and keeps each sample's highest-loss point and its gradient. */
        private void track(NDManager step) {
            boolean[] improved = new boolean[samples.length];
            for (int i = 0; i < samples.length; i++) {
                SampleState s = samples[i];
                if (s.loss > s.previousLoss) {
                    s.increases++;
                }
                if (s.loss > s.bestLoss) {
                    s.bestLoss = s.loss;
                    improved[i] = true;
                }
            }
            copyRows(step, improved, x, bestX);
            copyRows(step, improved, gradient, bestGradient);
        }

        /** Halves the step size of stalled samples and moves them back to their best point. */
        private void checkpoint(NDManager step, int interval) {
            boolean[] reduce = new boolean[samples.length];
            for (int i = 0; i < reduce.length; i++) {
                SampleState s = samples[i];
                boolean oscillating = s.increases <= interval * RHO;
                boolean stalled = !s.reducedAtCheck && s.bestLossAtCheck >= s.bestLoss;
                reduce[i] = oscillating || stalled;
                if (reduce[i]) {
                    s.stepSize /= 2;
                }
                s.reducedAtCheck = reduce[i];
                s.bestLossAtCheck = s.bestLoss;
                s.increases = 0;
            }
            copyRows(step, reduce, bestX, x);
            copyRows(step, reduce, bestGradient, gradient);
        }

        /** {@code to[i] = from[i]} for the flagged rows, in place. */
        private void copyRows(NDManager step, boolean[] rows, NDArray from, NDArray to) {
            int[] positions = ActiveSamples.positions(rows);
            if (positions.length == 0) {
                return;
            }
            long[] index = new long[positions.length];
            for (int i = 0; i < index.length; i++) {
                index[i] = positions[i];
            }
            NDArray idx = step.create(index);
            to.set(new NDIndex("{}", idx), from.get(step, new NDIndex("{}", idx)));
        }

        /**
         * With early exit, drops the broken samples from every per-sample array and state.
         *
         * @return whether any sample is left to attack
         */
        private boolean compact(boolean[] broken) {
            if (!earlyExit || !ActiveSamples.any(broken)) {
                return true;
            }
            boolean[] keep = ActiveSamples.not(broken);
            int[] local = ActiveSamples.positions(keep);
            try (NDManager retired = runScope.newSubManager()) {
                active = active.keep(keep, runScope, retired);
                x = reselect(x, local, retired);
                previous = reselect(previous, local, retired);
                gradient = reselect(gradient, local, retired);
                bestX = reselect(bestX, local, retired);
                bestGradient = reselect(bestGradient, local, retired);
            }
            SampleState[] kept = new SampleState[local.length];
            for (int i = 0; i < local.length; i++) {
                kept[i] = samples[local[i]];
            }
            samples = kept;
            return !active.isEmpty();
        }

        private NDArray reselect(NDArray array, int[] local, NDManager retired) {
            NDArray kept = ActiveSamples.select(array, local, runScope);
            array.attach(retired);
            return kept;
        }
    }

    @Override
    public String toString() {
        String settings = loss == Loss.CROSS_ENTROPY ? "CE" : "DLR, top-" + targetClasses + " target classes";
        return name() + "(" + threatModel() + ", " + settings + ", "
                + Describe.count(iterations, "iteration") + ", "
                + Describe.count(restarts, "restart") + ", seed " + seed()
                + (earlyExit ? ", early exit" : "") + ")";
    }
}
