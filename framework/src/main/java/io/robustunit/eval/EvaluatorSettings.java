package io.robustunit.eval;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The settings of a {@link RobustnessEvaluator} that can change its report (not its parallelism or
 * listeners, which cannot): part of an evaluation's cache key.
 *
 * @param batchSize samples per batch
 * @param retainedExamples how many broken samples the report keeps with pixels
 * @param modelName the model name reported instead of the classifier's, or null
 * @param modelSha256 the model digest reported instead of the classifier's, or null
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record EvaluatorSettings(int batchSize, int retainedExamples, String modelName, String modelSha256) {}
