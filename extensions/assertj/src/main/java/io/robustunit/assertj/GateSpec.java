package io.robustunit.assertj;

import io.robustunit.gate.Comparison;

/**
 * What a gate requires, for its published {@link io.robustunit.gate.GateOutcome}.
 *
 * @param description e.g. {@code robust accuracy >= 0.700}
 * @param metric e.g. {@code robust accuracy}
 * @param comparison at least or at most
 * @param threshold the required value
 */
record GateSpec(String description, String metric, Comparison comparison, double threshold) {}
