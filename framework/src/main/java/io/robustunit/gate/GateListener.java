package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Receives every evaluated robustness gate: to write summaries, attach reports to a test report,
 * or collect metrics. Register one programmatically with {@link GateListeners#register} or for
 * discovery by {@link java.util.ServiceLoader} in
 * {@code META-INF/services/io.robustunit.gate.GateListener} (a public no-argument constructor).
 *
 * <p>Listeners are called on the thread that evaluated the gate (so a test report can attach to
 * the running test), possibly from several threads at once: implementations must be thread-safe.
 * An exception thrown here is logged and ignored; it never changes the gate's result.
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1")
public interface GateListener {

    /** Called once per evaluated gate, whatever its status. */
    void gateEvaluated(GateOutcome outcome);
}
