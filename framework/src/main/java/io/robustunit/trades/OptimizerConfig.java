package io.robustunit.trades;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * How parameters are updated from their gradients: SGD with momentum (PyTorch's {@code optim.SGD}:
 * {@code buf = momentum * buf + (g + wd * w); w -= lr * buf}) or Adam (PyTorch's
 * {@code optim.Adam}, L2 weight decay added to the gradient). The learning rate comes from the
 * trainer's {@link LearningRateSchedule}.
 *
 * <pre>{@code
 * OptimizerConfig.sgd().withMomentum(0.9).withWeightDecay(2e-4);
 * OptimizerConfig.adam();
 * }</pre>
 *
 * <p>The updates are applied with in-place NDArray operations rather than DJL's {@code Optimizer},
 * which expects a {@code Trainer} and keeps its state where it cannot be checkpointed; here the
 * state (momentum buffers, Adam moments and step count) is saved with every checkpoint.
 */
@API(status = STABLE, since = "0.1")
public final class OptimizerConfig {

    /** The update rule. */
    public enum Kind {
        SGD,
        ADAM
    }

    private final Kind kind;
    private final double momentum;
    private final double weightDecay;
    private final double beta1;
    private final double beta2;
    private final double adamEpsilon;

    private OptimizerConfig(
            Kind kind, double momentum, double weightDecay, double beta1, double beta2, double adamEpsilon) {
        check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), was " + momentum);
        check(
                weightDecay >= 0 && Double.isFinite(weightDecay),
                "weight decay must be a finite number >= 0, was " + weightDecay);
        check(beta1 >= 0 && beta1 < 1, "Adam beta1 must be in [0, 1), was " + beta1);
        check(beta2 >= 0 && beta2 < 1, "Adam beta2 must be in [0, 1), was " + beta2);
        check(
                adamEpsilon > 0 && Double.isFinite(adamEpsilon),
                "Adam epsilon must be a finite number > 0, was " + adamEpsilon);
        this.kind = kind;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.adamEpsilon = adamEpsilon;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** SGD with momentum 0.9 and no weight decay (the TRADES paper's MNIST setting). */
    public static OptimizerConfig sgd() {
        return new OptimizerConfig(Kind.SGD, 0.9, 0, 0.9, 0.999, 1e-8);
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), epsilon 1e-8, no weight decay. */
    public static OptimizerConfig adam() {
        return new OptimizerConfig(Kind.ADAM, 0, 0, 0.9, 0.999, 1e-8);
    }

    /** SGD only: the momentum in [0, 1). */
    public OptimizerConfig withMomentum(double newMomentum) {
        if (kind != Kind.SGD) {
            throw new IllegalArgumentException("momentum applies to SGD; Adam uses withBetas");
        }
        return new OptimizerConfig(kind, newMomentum, weightDecay, beta1, beta2, adamEpsilon);
    }

    /** L2 weight decay added to the gradient (PyTorch's {@code weight_decay}). */
    public OptimizerConfig withWeightDecay(double newWeightDecay) {
        return new OptimizerConfig(kind, momentum, newWeightDecay, beta1, beta2, adamEpsilon);
    }

    /** Adam only: the moment decay rates. */
    public OptimizerConfig withBetas(double newBeta1, double newBeta2) {
        if (kind != Kind.ADAM) {
            throw new IllegalArgumentException("betas apply to Adam; SGD uses withMomentum");
        }
        return new OptimizerConfig(kind, momentum, weightDecay, newBeta1, newBeta2, adamEpsilon);
    }

    public Kind kind() {
        return kind;
    }

    public double momentum() {
        return momentum;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double adamEpsilon() {
        return adamEpsilon;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptimizerConfig c && c.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return kind == Kind.SGD
                ? String.format(Locale.ROOT, "SGD(momentum %s, weight decay %s)", momentum, weightDecay)
                : String.format(
                        Locale.ROOT,
                        "Adam(betas %s/%s, eps %s, weight decay %s)",
                        beta1,
                        beta2,
                        adamEpsilon,
                        weightDecay);
    }
}
