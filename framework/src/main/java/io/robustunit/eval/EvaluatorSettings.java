package io.robustunit.eval;

/**
 * The settings of a {@link RobustnessEvaluator} that can change its report (not its parallelism or
 * listeners, which cannot): part of an evaluation's cache key.
 *
 * @param batchSize samples per batch
 * @param retainedExamples how many broken samples the report keeps with pixels
 * @param modelName the model name reported instead of the classifier's, or null
 * @param modelSha256 the model digest reported instead of the classifier's, or null
 */
public record EvaluatorSettings(int batchSize, int retainedExamples, String modelName, String modelSha256) {}
