/** Loading DJL's PyTorch engine offline, without telemetry, with configurable threads. */
package io.robustunit.engine;
