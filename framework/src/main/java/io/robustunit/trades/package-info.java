/**
 * Repairing a model that fails its robustness gate: TRADES fine-tuning (Zhang et al., ICML 2019)
 * and, for comparison, Madry et al.'s PGD adversarial training, against the same
 * {@link io.robustunit.threat.ThreatModel} the gate checks.
 *
 * <p>Entry points: {@link io.robustunit.trades.TradesTrainer} (library) and
 * {@code robustunit trades} on the command line.
 */
package io.robustunit.trades;
