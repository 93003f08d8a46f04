package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** What happened to one sample. */
@API(status = STABLE, since = "0.1")
public enum Verdict {
    /** Correct on the clean input and on the adversarial input. */
    ROBUST,
    /** Correct on the clean input, wrong on the adversarial input. */
    BROKEN,
    /** Already wrong on the clean input; counts against robust accuracy, not the attack. */
    MISCLASSIFIED_CLEAN
}
