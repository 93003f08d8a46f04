package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The result for one sample, keyed by its index in the source dataset.
 *
 * @param datasetIndex index in the source dataset
 * @param trueLabel the label
 * @param cleanPrediction the model's class for the clean input
 * @param adversarialPrediction the model's class for the adversarial input
 * @param perturbationNorm norm of {@code adversarial - clean} in the threat model's norm
 * @param brokenBy for {@link Verdict#BROKEN} samples the description of the attack that broke it,
 *     otherwise null
 */
@API(status = STABLE, since = "0.1")
public record SampleOutcome(
        int datasetIndex,
        int trueLabel,
        int cleanPrediction,
        int adversarialPrediction,
        double perturbationNorm,
        String brokenBy) {

    public SampleOutcome {
        if (datasetIndex < 0) {
            throw new IllegalArgumentException("datasetIndex must be >= 0, was " + datasetIndex);
        }
        if (trueLabel < 0 || cleanPrediction < 0 || adversarialPrediction < 0) {
            throw new IllegalArgumentException("sample " + datasetIndex + ": labels and predictions must be >= 0, were "
                    + trueLabel + ", " + cleanPrediction + ", " + adversarialPrediction);
        }
        if (Double.isNaN(perturbationNorm) || perturbationNorm < 0) {
            throw new IllegalArgumentException(
                    "sample " + datasetIndex + ": perturbationNorm must be >= 0, was " + perturbationNorm);
        }
        boolean broken = cleanPrediction == trueLabel && adversarialPrediction != trueLabel;
        if (broken && (brokenBy == null || brokenBy.isEmpty())) {
            throw new IllegalArgumentException(
                    "sample " + datasetIndex + " is BROKEN: name the attack that broke it (brokenBy)");
        }
        if (!broken && brokenBy != null) {
            throw new IllegalArgumentException(
                    "sample " + datasetIndex + " is not BROKEN but brokenBy is '" + brokenBy + "'");
        }
    }

    /** ROBUST, BROKEN or MISCLASSIFIED_CLEAN, derived from the label and the two predictions. */
    public Verdict verdict() {
        if (cleanPrediction != trueLabel) {
            return Verdict.MISCLASSIFIED_CLEAN;
        }
        return adversarialPrediction == trueLabel ? Verdict.ROBUST : Verdict.BROKEN;
    }

    /** Whether the clean input is classified correctly. */
    public boolean cleanCorrect() {
        return cleanPrediction == trueLabel;
    }

    /** Whether the sample resisted the attack (clean and adversarial inputs both correct). */
    public boolean robust() {
        return verdict() == Verdict.ROBUST;
    }
}
