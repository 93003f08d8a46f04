package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The CERTIFY outcome of one sample, keyed by its dataset index.
 *
 * @param datasetIndex the sample's index in the source dataset
 * @param label the true class
 * @param selectedClass the class most often predicted among the {@code n0} selection draws (lowest
 *     index on ties): the smoothed classifier's guess
 * @param selectionCount how many selection draws predicted {@code selectedClass}
 * @param estimationCounts per class, how many of the {@code n} estimation draws predicted it
 * @param pALower the one-sided Clopper-Pearson lower bound on the probability of {@code selectedClass}
 * @param abstained whether CERTIFY abstained ({@code pALower < 1/2})
 * @param radius certified L2 radius {@code sigma * PhiInverse(pALower)}, 0 when abstaining
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Certificate(
        int datasetIndex,
        int label,
        int selectedClass,
        int selectionCount,
        int[] estimationCounts,
        double pALower,
        boolean abstained,
        double radius) {

    /** What PREDICT-style reporting shows for an abstention. */
    public static final int ABSTAIN = -1;

    public Certificate {
        Objects.requireNonNull(estimationCounts, "estimationCounts");
        estimationCounts = estimationCounts.clone();
        if (selectedClass < 0 || selectedClass >= estimationCounts.length) {
            throw new IllegalArgumentException("selected class " + selectedClass + " outside [0, "
                    + estimationCounts.length + ") for sample " + datasetIndex);
        }
    }

    @Override
    public int[] estimationCounts() {
        return estimationCounts.clone();
    }

    /** The certified prediction, or {@link #ABSTAIN}. */
    public int prediction() {
        return abstained ? ABSTAIN : selectedClass;
    }

    /** {@code nA}: estimation draws that predicted the selected class. */
    public int selectedCount() {
        return estimationCounts[selectedClass];
    }

    /** Number of estimation draws. */
    public int draws() {
        int sum = 0;
        for (int c : estimationCounts) {
            sum += c;
        }
        return sum;
    }

    /** Certified and correct: the smoothed classifier provably returns the label within radius 0. */
    public boolean correct() {
        return !abstained && selectedClass == label;
    }

    /** Provably correct within L2 radius {@code r} (Cohen et al.: correct and radius >= r). */
    public boolean certifiedAt(double r) {
        return correct() && radius >= r;
    }

    /**
     * The plurality class of the estimation draws (lowest index on ties): the smoothed
     * classifier's prediction as estimated from {@code n} draws.
     */
    public int pluralityClass() {
        int best = 0;
        for (int c = 1; c < estimationCounts.length; c++) {
            if (estimationCounts[c] > estimationCounts[best]) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Certificate c
                && datasetIndex == c.datasetIndex
                && label == c.label
                && selectedClass == c.selectedClass
                && selectionCount == c.selectionCount
                && Arrays.equals(estimationCounts, c.estimationCounts)
                && Double.compare(pALower, c.pALower) == 0
                && abstained == c.abstained
                && Double.compare(radius, c.radius) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                datasetIndex,
                label,
                selectedClass,
                selectionCount,
                Arrays.hashCode(estimationCounts),
                pALower,
                abstained,
                radius);
    }

    @Override
    public String toString() {
        return "sample " + datasetIndex + ": label " + label + ", "
                + (abstained ? "abstained" : "class " + selectedClass + " radius " + CertificationSettings.trim(radius))
                + " (nA " + selectedCount() + "/" + draws() + ", pA >= "
                + CertificationSettings.trim(pALower) + ")";
    }
}
