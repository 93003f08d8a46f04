/**
 * Robustness evaluation: {@link io.robustunit.eval.RobustnessEvaluator} runs a model and an attack
 * over a dataset batch by batch and returns an immutable {@link io.robustunit.eval.RobustnessReport}
 * (clean and robust accuracy with exact confidence intervals, per-class numbers, the outcome of every
 * sample, validity findings), which merges across shards and round-trips through JSON.
 */
package io.robustunit.eval;
