/**
 * Seed derivation: every random draw in RobustUnit (an attack's per-sample noise, TRADES' batch order,
 * start noise and dropout) comes from a generator seeded by {@link io.robustunit.random.Seeds} from a
 * base seed and a position, never from a global generator.
 */
package io.robustunit.random;
