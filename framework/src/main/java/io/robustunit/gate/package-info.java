/**
 * Robustness gates as events: every gate (for example {@code robust accuracy >= 0.700}) ends in an
 * immutable {@link io.robustunit.gate.GateOutcome} (its {@link io.robustunit.gate.Requirement},
 * {@link io.robustunit.gate.Measurement}, status and {@link io.robustunit.gate.Source}) that
 * {@link io.robustunit.gate.GateListeners}
 * sends to every {@link io.robustunit.gate.GateListener}, found by {@link java.util.ServiceLoader}
 * or registered in code. Reporting hangs off these listeners, so the engine never depends on a
 * report library; {@link io.robustunit.gate.MarkdownSummaryListener}, on by default, writes the CI
 * summary and the JSON of every gate.
 */
package io.robustunit.gate;
