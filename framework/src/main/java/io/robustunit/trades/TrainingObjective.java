package io.robustunit.trades;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What training minimises: the outer objective of one step, combined from the per-sample losses of
 * {@link TrainingLosses}.
 */
@API(status = STABLE, since = "0.1")
public enum TrainingObjective {

    /**
     * TRADES (Zhang et al., ICML 2019): {@code CE(f(x), y) + beta * KL(softmax f(x) || softmax f(x'))},
     * with {@code x'} maximising the KL term inside the ball from {@code x + 0.001 * N(0, 1)}.
     */
    TRADES,

    /**
     * PGD adversarial training (Madry et al., ICLR 2018): {@code CE(f(x'), y)}, with {@code x'}
     * maximising the cross-entropy inside the ball from a uniformly random start.
     */
    MADRY,

    /**
     * Gaussian data augmentation (Cohen, Rosenfeld and Kolter, ICML 2019), the training that earns
     * randomized-smoothing certificates: {@code CE(f(x + sigma * N(0, I)), y)}, the noise drawn on the
     * engine and not clipped (as {@code io.robustunit.certify} adds it); sigma is the trainer's
     * {@link TradesTrainer#initialNoise()}, set with {@link TradesTrainer.Builder#gaussianNoise}. No
     * inner maximisation.
     */
    GAUSSIAN_NOISE
}
