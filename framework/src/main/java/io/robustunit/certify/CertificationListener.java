package io.robustunit.certify;

/**
 * Observes a running certification, e.g. to draw a progress bar. Called from the certifying thread
 * after every forward batch; it cannot influence the certificates.
 */
@FunctionalInterface
public interface CertificationListener {

    /** After each forward batch. */
    void progressed(CertificationProgress progress);
}
