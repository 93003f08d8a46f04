package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The PREDICT outcome of one sample (Cohen et al., 2019): the top class of {@code n} noisy draws,
 * or an abstention when the binomial test cannot tell it from the runner-up at level alpha.
 *
 * @param datasetIndex the sample's index in the source dataset
 * @param label the true class
 * @param prediction the smoothed prediction, or {@link Certificate#ABSTAIN}
 * @param topCount draws that predicted the top class
 * @param runnerUpCount draws that predicted the second class
 * @param pValue two-sided binomial test p-value of {@code topCount} out of
 *     {@code topCount + runnerUpCount} against 1/2
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SmoothedPrediction(
        int datasetIndex, int label, int prediction, int topCount, int runnerUpCount, double pValue) {

    public boolean abstained() {
        return prediction == Certificate.ABSTAIN;
    }

    public boolean correct() {
        return prediction == label;
    }
}
