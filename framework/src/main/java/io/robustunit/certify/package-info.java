/**
 * Certified robustness by randomized smoothing (Cohen, Rosenfeld and Kolter, ICML 2019): a
 * {@link io.robustunit.certify.Certifier} runs CERTIFY and PREDICT on any classifier with forward
 * passes only, and returns a {@link io.robustunit.certify.CertificationReport} of per-sample
 * certificates keyed by dataset index: certified accuracy at any L2 radius (a lower bound on robust
 * accuracy, where attacks give upper bounds), the curve over radii, consistency findings, JSON, and
 * the merge of shards.
 */
package io.robustunit.certify;
