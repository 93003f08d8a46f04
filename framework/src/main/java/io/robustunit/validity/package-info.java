/**
 * Validity checks: signs that a robustness evaluation cannot be trusted, whatever number it
 * produced. A model that returns probabilities instead of logits, a model whose eval-mode output is
 * random, or one whose input gradients vanish (gradient masking) defeats gradient-based attacks and
 * makes robustness look better than it is; so does a sweep whose accuracy rises with epsilon, a PGD
 * weaker than FGSM, or a black-box attack beating the white-box one.
 *
 * <p>This package only <em>detects</em>: each check returns {@link io.robustunit.validity.Finding}s
 * naming what was seen and what usually causes it. Reacting (failing a build with an
 * "invalid evaluation" outcome distinct from a failed gate) is the business of the assertion
 * adapters.
 */
package io.robustunit.validity;
