/** Datasets: a validating IDX reader, Fashion-MNIST from local files, deterministic subsets, batches. */
package io.robustunit.data;
