package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Observes a running certification, e.g. to draw a progress bar. Called from the certifying thread
 * after every forward batch; it cannot influence the certificates.
 */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1")
public interface CertificationListener {

    /** After each forward batch. */
    void progressed(CertificationProgress progress);
}
