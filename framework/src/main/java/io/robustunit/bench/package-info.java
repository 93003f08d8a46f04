/**
 * Command-line benchmarks ({@link io.robustunit.bench.PgdBenchmark}, {@link
 * io.robustunit.bench.TradesStepBenchmark}); not part of the test API.
 */
package io.robustunit.bench;
