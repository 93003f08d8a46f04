/**
 * Command-line benchmarks: speed ({@link io.robustunit.bench.PgdBenchmark}, {@link
 * io.robustunit.bench.TradesStepBenchmark}) and resident memory over long runs ({@link
 * io.robustunit.bench.Soak}); not part of the test API.
 */
package io.robustunit.bench;
