package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.engine.NativeArrays;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.util.Arrays;
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
    NDArray maximise(
            Classifier model, NDArray original, NDArray start, Function<NDArray, NDArray> loss) {
        NDManager owner = original.getManager();
        NDArray current = start;
        current.attach(owner);
        for (int i = 0; i < steps; i++) {
            try (NDManager iteration = owner.newSubManager()) {
                current.attach(iteration);
                NDArray next;
                try (InputGradient g = model.inputGradient(current, loss)) {
                    NDArray ascent = direction(g.gradient()).mul((float) stepSize);
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

    private NDArray direction(NDArray gradient) {
        if (threatModel.norm() == Norm.LINF) {
            return gradient.sign();
        }
        return gradient.div(perSample(Norm.L2.of(gradient).maximum(1e-12f), gradient.getShape()));
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
     * A uniformly random point of the ball (L-inf: uniform per coordinate; L2: a uniformly random
     * direction scaled by {@code epsilon * U^(1/d)}), projected onto the range.
     */
    NDArray uniformStart(NDArray original, SplittableRandom random) {
        int n = Math.toIntExact(original.getShape().get(0));
        int d = Math.toIntExact(original.size() / Math.max(n, 1));
        float[] noise = new float[n * d];
        double eps = threatModel.epsilon();
        if (threatModel.norm() == Norm.LINF) {
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) (eps * (2 * random.nextDouble() - 1));
            }
        } else {
            for (int s = 0; s < n; s++) {
                double squares = 0;
                for (int j = 0; j < d; j++) {
                    double v = random.nextGaussian();
                    noise[s * d + j] = (float) v;
                    squares += v * v;
                }
                double radius = eps * Math.pow(random.nextDouble(), 1.0 / d) / Math.max(Math.sqrt(squares), 1e-12);
                for (int j = 0; j < d; j++) {
                    noise[s * d + j] *= (float) radius;
                }
            }
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

    private static NDArray perSample(NDArray values, Shape like) {
        long[] dims = new long[like.dimension()];
        Arrays.fill(dims, 1L);
        dims[0] = like.get(0);
        return values.reshape(new Shape(dims));
    }

    @Override
    public String toString() {
        return steps + " steps of " + stepSize;
    }
}
