/**
 * ONNX models as RobustUnit classifiers through DJL's ONNX Runtime engine: forward passes only, so
 * Square and transfer attacks (crafted on a TorchScript twin) run on them. Put this module on the
 * classpath and {@link io.robustunit.model.Classifiers#load}, {@code @TrainedModel} and the command
 * line open {@code .onnx} files.
 */
package io.robustunit.onnx;
