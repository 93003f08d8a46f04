/** Command-line benchmarks ({@link io.robustunit.bench.PgdBenchmark}); not part of the test API. */
package io.robustunit.bench;
