package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Clean and robust accuracy of one class.
 *
 * @param label the class label
 * @param className its name
 * @param samples how many evaluated samples carry this label
 * @param cleanCorrect how many of them the model classifies correctly
 * @param robust how many of them resisted the attack
 */
@API(status = STABLE, since = "0.1")
public record ClassAccuracy(int label, String className, int samples, int cleanCorrect, int robust) {

    /** {@code cleanCorrect / samples}; NaN when the class has no samples. */
    public double cleanAccuracy() {
        return samples == 0 ? Double.NaN : (double) cleanCorrect / samples;
    }

    /** {@code robust / samples}; NaN when the class has no samples. */
    public double robustAccuracy() {
        return samples == 0 ? Double.NaN : (double) robust / samples;
    }
}
