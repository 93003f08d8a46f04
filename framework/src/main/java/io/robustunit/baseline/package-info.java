/**
 * Ratcheting robustness baselines: a committed JSON file per gate records robust accuracy and which
 * samples were robust; a later run may not fall more than a stated tolerance below it. Running with
 * {@code -Drobustunit.baseline.update=true} rewrites the files (atomically) to accept new values.
 */
package io.robustunit.baseline;
