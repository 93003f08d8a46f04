package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import org.apiguardian.api.API;

/**
 * Projected gradient descent (Madry et al., ICLR 2018) on the cross-entropy, for Linf and L2.
 *
 * <p>Each step moves by {@code stepSize} along the steepest-ascent direction (sign of the gradient
 * for Linf, normalised gradient for L2) and projects onto the epsilon ball and the input range.
 * Every sample keeps its strongest iterate: the first one the model misclassifies, otherwise the
 * one with the lowest margin. The logits for that bookkeeping come from the same forward pass that
 * gives the gradient, so {@code steps} steps cost {@code steps} forward-backward passes and one
 * forward pass. With {@link #earlyExit(boolean) early exit} (the default), samples stop being
 * attacked as soon as they are broken: rows do not interact (every forward call has the same row
 * count, {@code FixedRowBatches}), so which samples are broken and every kept iterate are the same
 * as when every sample takes every step, for less work. {@code earlyExit(false)} runs every step for
 * every sample, as a plain loop does (benchmarks compare with it). Restarts attack only the samples
 * still robust.
 *
 * <pre>{@code
 * Pgd pgd = Attacks.pgd(ThreatModel.linf(0.1)).steps(20).stepSize(0.01).randomStart(true).seed(7);
 * // PGD(Linf eps=0.100, 20 steps, step 0.010, random start, 1 restart, seed 7)
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class Pgd extends BatchAttack {

    /** Default step size as a multiple of {@code epsilon / steps}. */
    public static final double DEFAULT_STEP_FACTOR = 2.5;

    private final int steps;
    private final double stepSize;
    private final boolean randomStart;
    private final int restarts;
    private final boolean earlyExit;

    Pgd(
            ThreatModel threatModel,
            int steps,
            double stepSize,
            boolean randomStart,
            int restarts,
            boolean earlyExit,
            long seed) {
        super(AttackInputs.supported("PGD", threatModel, Norm.LINF, Norm.L2), seed);
        this.steps = AttackInputs.atLeastOne("steps", steps);
        this.stepSize = Double.isNaN(stepSize) ? Double.NaN : AttackInputs.positive("stepSize", stepSize);
        this.randomStart = randomStart;
        this.restarts = AttackInputs.atLeastOne("restarts", restarts);
        this.earlyExit = earlyExit;
    }

    /** PGD with 20 steps, the default step size, no random start, one restart, seed 0. */
    static Pgd of(ThreatModel threatModel) {
        return new Pgd(threatModel, 20, Double.NaN, false, 1, true, 0L);
    }

    /** The same attack with {@code steps >= 1} steps. */
    public Pgd steps(int newSteps) {
        return new Pgd(threatModel(), newSteps, stepSize, randomStart, restarts, earlyExit, seed());
    }

    /** The same attack with a fixed step size {@code > 0} (default {@code 2.5 * eps / steps}). */
    public Pgd stepSize(double newStepSize) {
        AttackInputs.positive("stepSize", newStepSize);
        return new Pgd(threatModel(), steps, newStepSize, randomStart, restarts, earlyExit, seed());
    }

    /** Whether to start from a random point in the ball rather than the clean input. */
    public Pgd randomStart(boolean enabled) {
        return new Pgd(threatModel(), steps, stepSize, enabled, restarts, earlyExit, seed());
    }

    /**
     * The number of runs {@code >= 1}; each restart attacks the samples still robust. Restarts after
     * the first always start at a random point (without one they would repeat the first run).
     */
    public Pgd restarts(int newRestarts) {
        return new Pgd(threatModel(), steps, stepSize, randomStart, newRestarts, earlyExit, seed());
    }

    /**
     * Whether to stop attacking a sample as soon as it is misclassified (default true; the same
     * outcomes and kept iterates either way, see the class comment).
     */
    public Pgd earlyExit(boolean enabled) {
        return new Pgd(threatModel(), steps, stepSize, randomStart, restarts, enabled, seed());
    }

    /** The same attack with another seed. */
    public Pgd seed(long newSeed) {
        return new Pgd(threatModel(), steps, stepSize, randomStart, restarts, earlyExit, newSeed);
    }

    @Override
    public Pgd withSeed(long newSeed) {
        return seed(newSeed);
    }

    /** The same attack against another threat model; a default step size follows the new epsilon. */
    @Override
    public Pgd withThreatModel(ThreatModel newThreatModel) {
        return new Pgd(newThreatModel, steps, stepSize, randomStart, restarts, earlyExit, seed());
    }

    public int steps() {
        return steps;
    }

    /** The step size in use: the one set, or {@code 2.5 * eps / steps}. */
    public double stepSize() {
        return Double.isNaN(stepSize) ? DEFAULT_STEP_FACTOR * threatModel().epsilon() / steps : stepSize;
    }

    public boolean randomStart() {
        return randomStart;
    }

    public int restarts() {
        return restarts;
    }

    public boolean earlyExit() {
        return earlyExit;
    }

    @Override
    public String name() {
        return "PGD";
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    void run(AttackRun run) {
        boolean cleanChecked = false;
        for (int restart = 0; restart < restarts; restart++) {
            boolean random = randomStart || restart > 0;
            int[] rows = run.iterates().unbroken();
            if (random && !cleanChecked && rows.length > 0) {
                run.checkClean(rows);
                rows = run.iterates().unbroken();
            }
            if (rows.length == 0) {
                return;
            }
            attackOnce(run, rows, random);
            cleanChecked = true;
        }
    }

    private void attackOnce(AttackRun run, int[] rows, boolean random) {
        ThreatModel tm = threatModel();
        float step = (float) stepSize();
        StrongestIterates iterates = run.iterates();
        try (NDManager runScope = run.scope().newSubManager()) {
            ActiveSamples active = ActiveSamples.of(runScope, run.original(), iterates, rows, null);
            NDArray x = random
                    ? run.randomStart(RandomStart.IN_BALL, active, runScope)
                    : ActiveSamples.copy(active.original(), runScope);
            for (int t = 0; t < steps; t++) {
                try (NDManager stepScope = runScope.newSubManager()) {
                    x.attach(stepScope);
                    InputGradient g = run.gradient(x, active, Loss.CROSS_ENTROPY);
                    float[] logits = g.logits().toFloatArray();
                    boolean[] broken = iterates.offer(active.rows(), x, logits, t == 0 && !random);
                    NDArray gradient = g.gradient();
                    if (earlyExit && ActiveSamples.any(broken)) {
                        boolean[] keep = ActiveSamples.not(broken);
                        int[] local = ActiveSamples.positions(keep);
                        active = active.keep(keep, runScope, stepScope);
                        if (active.isEmpty()) {
                            return;
                        }
                        x = ActiveSamples.select(x, local, stepScope);
                        gradient = ActiveSamples.select(gradient, local, stepScope);
                    }
                    NDArray next =
                            tm.project(x.add(tm.norm().steepestAscent(gradient).mul(step)), active.original());
                    next.attach(runScope);
                    x = next;
                }
            }
            try (NDManager stepScope = runScope.newSubManager()) {
                x.attach(stepScope);
                iterates.offer(active.rows(), x, run.model().logits(x).toFloatArray(), false);
            }
        }
    }

    @Override
    public String toString() {
        String start;
        if (randomStart) {
            start = "random start";
        } else if (restarts == 1) {
            start = "no random start";
        } else {
            start = "clean start then random";
        }
        return "PGD(" + threatModel() + ", " + Describe.count(steps, "step") + ", step "
                + Describe.number(stepSize()) + ", " + start + ", "
                + Describe.count(restarts, "restart") + ", seed " + seed()
                + (earlyExit ? "" : ", every step for every sample") + ")";
    }
}
