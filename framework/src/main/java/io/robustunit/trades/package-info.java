/**
 * Repairing a model that fails its robustness gate: TRADES fine-tuning (Zhang et al., ICML 2019),
 * Madry et al.'s PGD adversarial training, and Gaussian noise augmentation (the training that
 * randomized-smoothing certificates need), against the same {@link io.robustunit.threat.ThreatModel}
 * the gate checks.
 *
 * <p>Entry points: {@link io.robustunit.trades.TradesTrainer} (library; its settings are one
 * {@link io.robustunit.trades.TradesConfig}, what it minimises a
 * {@link io.robustunit.trades.TrainingObjective}) and {@code robustunit trades} on the command line.
 */
package io.robustunit.trades;
