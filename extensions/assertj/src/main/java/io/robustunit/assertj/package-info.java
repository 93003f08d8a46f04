/**
 * Robustness gates as AssertJ assertions, independent of any test runner.
 *
 * <pre>{@code
 * import static io.robustunit.assertj.RobustnessAssertions.assertThat;
 *
 * assertThat(model).on(testImages).underAttack(pgd)
 *         .hasCleanAccuracyAtLeast(0.85)
 *         .hasRobustAccuracyAtLeast(0.70)
 *         .withConfidence(0.95).hasRobustAccuracyAtLeast(0.60)   // the 95% lower bound must clear 0.60
 *         .forClass("Coat").hasRobustAccuracyAtLeast(0.40);
 *
 * assertThat(report).isNotWorseThanBaseline("pgd-linf-0.1", 0.01);
 * }</pre>
 *
 * <p><b>Three outcomes.</b> A gate passes, fails with an {@link java.lang.AssertionError} (the model
 * is not robust enough), or throws {@link io.robustunit.assertj.InvalidEvaluationError} when the
 * evaluation cannot be trusted (see {@link io.robustunit.validity}): probability outputs,
 * nondeterministic logits, gradient masking, perturbations outside the threat model, a sweep whose
 * accuracy rises with epsilon, a large epsilon that does not break the model, or a reference attack
 * that clearly beats the gate's attack.
 *
 * <p><b>Caching.</b> {@code underAttack} evaluates through the
 * {@link io.robustunit.cache.EvaluationCaches#current() current evaluation cache}, so a test
 * framework adapter (such as the JUnit extension) makes repeated gates on the same model, data and
 * attack cost one evaluation.
 */
package io.robustunit.assertj;
