/**
 * Failure messages of the robustness gates, one factory per kind of failure (as AssertJ's
 * {@code org.assertj.core.error}). Every message names the model, the attack with all its settings
 * (which include the seed), the population of images, the measured value with its count and
 * confidence interval, and the threshold, so a CI log alone explains the failure.
 */
package io.robustunit.assertj.error;
