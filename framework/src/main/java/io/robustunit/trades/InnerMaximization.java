package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.engine.NativeArrays;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Projected gradient ascent on a loss of the logits inside a {@link ThreatModel} ball: sign steps
 * for L-inf, L2-normalised gradient steps for L2, each followed by {@link ThreatModel#project}. The
 * model runs in evaluation mode ({@link Classifier#inputGradient}), so BatchNorm statistics are left
 * alone and parameters collect no gradient. Shared by the TRADES and Madry objectives and by the
 * held-out PGD probe.
 */
final class InnerMaximization {

    private final ThreatModel threatModel;
    private final int steps;
    private final double stepSize;

    InnerMaximization(ThreatModel threatModel, int steps, double stepSize) {
        this.threatModel = threatModel;
        this.steps = steps;
        this.stepSize = stepSize;
    }

    /**
     * Runs the ascent from {@code start}.
     *
     * @param original the clean batch, centre of the ball
     * @param start the starting point; consumed (closed) by this call
     * @param loss logits {@code [N, K]} to a per-sample loss {@code [N]} to maximise
     * @return the final iterate, detached from any graph, attached to {@code original}'s manager
     */
    NDArray maximise(Classifier model, NDArray original, NDArray start, Function<NDArray, NDArray> loss) {
        NDManager owner = original.getManager();
        NDArray current = start;
        current.attach(owner);
        for (int i = 0; i < steps; i++) {
            try (NDManager iteration = owner.newSubManager()) {
                current.attach(iteration);
                NDArray next;
                try (InputGradient g = model.inputGradient(current, loss)) {
                    NDArray ascent =
                            threatModel.norm().steepestAscent(g.gradient()).mul((float) stepSize);
                    next = threatModel.project(current.add(ascent), original);
                }
                next.attach(owner);
                current = next;
            }
        }
        NDArray detached = current.stopGradient();
        detached.attach(owner);
        if (detached != current) {
            current.close();
        }
        return detached;
    }

    /** {@code original + sigma * N(0, 1)}, projected onto the ball and range. */
    NDArray gaussianStart(NDArray original, double sigma, SplittableRandom random) {
        float[] noise = new float[Math.toIntExact(original.size())];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (sigma * random.nextGaussian());
        }
        return startFrom(original, noise);
    }

    /**
     * A random point of the ball, drawn as the attacks draw their random starts
     * ({@link Norm#randomPerturbation}), projected onto the range.
     */
    NDArray uniformStart(NDArray original, SplittableRandom random) {
        int n = Math.toIntExact(original.getShape().get(0));
        int d = Math.toIntExact(original.size() / Math.max(n, 1));
        float[] noise = new float[n * d];
        for (int sample = 0; sample < n; sample++) {
            threatModel.norm().randomPerturbation(threatModel.epsilon(), false, random, noise, sample * d, d);
        }
        return startFrom(original, noise);
    }

    private NDArray startFrom(NDArray original, float[] noise) {
        NDManager owner = original.getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray candidate = original.add(NativeArrays.floats(scope, noise, original.getShape()));
            candidate.attach(scope);
            NDArray start = threatModel.project(candidate, original);
            start.attach(owner);
            return start;
        }
    }

    @Override
    public String toString() {
        return steps + " steps of " + stepSize;
    }
}
