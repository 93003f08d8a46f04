/** The threat model: norm, radius and valid input range, shared by gates, attacks and training. */
package io.robustunit.threat;
