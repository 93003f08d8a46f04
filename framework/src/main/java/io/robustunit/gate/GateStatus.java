package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** How a robustness gate ended. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum GateStatus {

    /** The measured value meets the threshold. */
    PASS,

    /** The measured value misses the threshold. */
    FAIL,

    /**
     * No valid value: the evaluation broke the threat model, the data did not fit the model,
     * or the evaluation itself failed. Neither a pass nor a fail.
     */
    INVALID
}
