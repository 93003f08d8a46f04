/**
 * Classifiers under test: one {@link io.robustunit.model.Classifier} abstraction with a declared
 * {@link io.robustunit.model.InputContract}, loaded from TorchScript or DJL blocks.
 */
package io.robustunit.model;
