package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import org.apiguardian.api.API;

/**
 * The adversarial examples for one batch.
 *
 * <p>A sample is <em>broken</em> when {@code brokenBy[i] != null}: the model misclassifies
 * {@code adversarial[i]}. A sample the model already misclassifies without perturbation is marked
 * {@link #MISCLASSIFIED_CLEAN} and returned unchanged. Robust accuracy over a batch is the share of
 * samples with {@code brokenBy[i] == null}.
 *
 * @param adversarial inputs of the batch's shape, inside the threat model's ball and range, attached
 *     to the manager of the attacked inputs
 * @param brokenBy for each sample, the {@link Attack#toString()} of the attack whose example fooled
 *     the model, {@link #MISCLASSIFIED_CLEAN}, or null if the sample survived (ensembles attribute
 *     each sample to the member that broke it first)
 */
@API(status = STABLE, since = "0.1")
public record AttackResult(NDArray adversarial, String[] brokenBy) implements AutoCloseable {

    /** {@link #brokenBy()} entry of a sample the model gets wrong without any perturbation. */
    public static final String MISCLASSIFIED_CLEAN = "misclassified without perturbation";

    public AttackResult {
        if (adversarial == null || brokenBy == null) {
            throw new IllegalArgumentException("adversarial and brokenBy must not be null");
        }
        long n = adversarial.getShape().get(0);
        if (n != brokenBy.length) {
            throw new IllegalArgumentException(
                    brokenBy.length + " brokenBy entries for " + n + " adversarial examples");
        }
        brokenBy = brokenBy.clone();
    }

    /** A copy of the per-sample attribution. */
    @Override
    public String[] brokenBy() {
        return brokenBy.clone();
    }

    /** Number of samples in the batch. */
    public int size() {
        return brokenBy.length;
    }

    /** Whether sample {@code i} is misclassified (with or without perturbation). */
    public boolean isBroken(int i) {
        return brokenBy[i] != null;
    }

    /** Number of samples that survived the attack. */
    public int robustCount() {
        int robust = 0;
        for (String by : brokenBy) {
            if (by == null) {
                robust++;
            }
        }
        return robust;
    }

    @Override
    public void close() {
        adversarial.close();
    }
}
