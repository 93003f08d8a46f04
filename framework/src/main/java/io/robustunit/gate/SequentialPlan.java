package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.eval.Proportion;
import java.util.Arrays;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * When a confidence gate may stop early, and how wide its bound is at each stop: an anytime-valid
 * Clopper-Pearson test with alpha spending over a fixed list of looks.
 *
 * <p>The samples are looked at after {@code first}, {@code 2 first}, {@code 4 first}, ... samples and
 * finally after all of them. At look {@code k} the gate computes the two-sided Clopper-Pearson
 * interval at level {@code 1 - alpha_k}, where {@code alpha = 1 - confidence} is spent as
 * {@code alpha / 2} on the final look and {@code alpha / (2 (K - 1))} on each of the {@code K - 1}
 * earlier ones. The intervals of all looks hold simultaneously with probability at least
 * {@code confidence} (union bound), so stopping at the first look whose interval lies wholly on one
 * side of the threshold is safe: a gate on a true proportion below the threshold passes (or one above
 * it fails by its bound) with probability at most {@code (1 - confidence) / 2}. If no look decides,
 * the final look over all samples is a confident gate as without sequential testing (it passes only
 * if its bound clears the threshold), only with the final interval at {@code 1 - alpha / 2}.
 * With one look (fewer samples than {@code first}) the plan is the plain confident gate.
 *
 * <pre>{@code
 * SequentialPlan plan = SequentialPlan.of(0.95, 1000, 100);         // looks at 100, 200, 400, 800, 1000
 * SequentialPlan.Decision d = plan.decide(0, 72, 100, Comparison.AT_LEAST, 0.45);   // PASS after 100
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SequentialPlan {

    /** Samples before the first look, unless the set is smaller. */
    public static final int DEFAULT_FIRST_LOOK = 100;

    private final double confidence;
    private final int[] looks;

    private SequentialPlan(double confidence, int[] looks) {
        this.confidence = confidence;
        this.looks = looks;
    }

    /**
     * The plan for {@code total} samples at {@code confidence}, first looking after {@code first}
     * samples and then after twice as many each time.
     */
    public static SequentialPlan of(double confidence, int total, int first) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95, was " + confidence);
        }
        if (total < 1 || first < 1) {
            throw new IllegalArgumentException("need total >= 1 and first >= 1, was " + total + " and " + first);
        }
        int[] looks = new int[32];
        int k = 0;
        for (long n = first; n < total; n *= 2) {
            looks[k++] = (int) n;
        }
        looks[k++] = total;
        return new SequentialPlan(confidence, Arrays.copyOf(looks, k));
    }

    /** The gate's overall confidence. */
    public double confidence() {
        return confidence;
    }

    /** The sample counts after which the gate looks, ascending, the last being all samples. */
    public int[] looks() {
        return looks.clone();
    }

    /** The number of looks. */
    public int lookCount() {
        return looks.length;
    }

    /** The level of the interval at look {@code k} (0-based). */
    public double lookConfidence(int k) {
        double alpha = 1 - confidence;
        if (looks.length == 1) {
            return confidence;
        }
        double spent = k == looks.length - 1 ? alpha / 2 : alpha / (2.0 * (looks.length - 1));
        return 1 - spent;
    }

    /** What a look decided. */
    public enum Status {
        /** The bound clears the threshold: the requirement holds at the gate's confidence. */
        PASS,
        /** The bound lies wholly on the wrong side, or the final look could not show the requirement. */
        FAIL,
        /** Undecided: look at more samples. */
        CONTINUE
    }

    /**
     * A decision with the interval it rests on.
     *
     * @param status pass, fail or continue
     * @param byBound whether the interval lies wholly on one side of the threshold (false for a fail
     *     at the final look whose interval still contains the threshold, and for continue)
     * @param interval the interval at this look (null while the proportion has no samples)
     * @param look the 0-based look
     */
    public record Decision(Status status, boolean byBound, ConfidenceInterval interval, int look) {}

    /**
     * The decision at look {@code k} with {@code count} of {@code total} so far. An undefined
     * proportion (a total of 0) continues, or fails at the final look.
     */
    public Decision decide(int k, int count, int total, Comparison comparison, double threshold) {
        if (k < 0 || k >= looks.length) {
            throw new IllegalArgumentException("look " + k + " is not in [0, " + looks.length + ")");
        }
        boolean last = k == looks.length - 1;
        if (total == 0) {
            return new Decision(last ? Status.FAIL : Status.CONTINUE, false, null, k);
        }
        ConfidenceInterval ci = new Proportion(count, total).interval(lookConfidence(k));
        double passBound = comparison == Comparison.AT_LEAST ? ci.lower() : ci.upper();
        double failBound = comparison == Comparison.AT_LEAST ? ci.upper() : ci.lower();
        if (comparison.holds(passBound, threshold)) {
            return new Decision(Status.PASS, true, ci, k);
        }
        if (!comparison.holds(failBound, threshold)) {
            return new Decision(Status.FAIL, true, ci, k);
        }
        return new Decision(last ? Status.FAIL : Status.CONTINUE, false, ci, k);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "sequential %s%% confidence, looks at %s",
                stripZeros(confidence * 100),
                Arrays.toString(looks));
    }

    private static String stripZeros(double percent) {
        return String.format(Locale.ROOT, "%.4f", percent).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
