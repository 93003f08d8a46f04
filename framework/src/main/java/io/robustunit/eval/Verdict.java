package io.robustunit.eval;

/** What happened to one sample. */
public enum Verdict {
    /** Correct on the clean input and on the adversarial input. */
    ROBUST,
    /** Correct on the clean input, wrong on the adversarial input. */
    BROKEN,
    /** Already wrong on the clean input; counts against robust accuracy, not the attack. */
    MISCLASSIFIED_CLEAN
}
