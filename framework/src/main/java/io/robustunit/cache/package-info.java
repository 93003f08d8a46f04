/**
 * Memoised evaluations: a robustness evaluation of the same model, data and attack is computed once
 * however many gates read it. A test-framework adapter {@linkplain EvaluationCaches#bind binds} a
 * cache to the running test; assertion libraries {@linkplain EvaluationCaches#current() look it up}
 * without knowing which framework installed it.
 */
package io.robustunit.cache;
