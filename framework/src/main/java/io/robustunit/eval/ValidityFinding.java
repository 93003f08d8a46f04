package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Something that makes an evaluation invalid, e.g. an adversarial example outside the
 * threat model's ball. The evaluator records findings instead of failing, and scores such samples on
 * their projection back into the ball and range; an assertion layer should treat any finding as an
 * invalid evaluation.
 *
 * @param datasetIndex the sample concerned
 * @param kind what is wrong
 * @param value the measured value (e.g. the perturbation norm), NaN if not applicable
 * @param limit the allowed limit (e.g. epsilon), NaN if not applicable
 * @param detail a readable explanation
 */
@API(status = STABLE, since = "0.1")
public record ValidityFinding(int datasetIndex, Kind kind, double value, double limit, String detail) {

    /** The kinds of problems the evaluator checks for. */
    public enum Kind {
        /** The perturbation norm exceeds epsilon (beyond float tolerance). */
        OUTSIDE_BALL,
        /** An adversarial input value lies outside the valid input range. */
        OUTSIDE_RANGE,
        /** The adversarial input contains NaN or infinite values. */
        NOT_FINITE
    }

    public ValidityFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return "sample " + datasetIndex + ": " + kind + " (" + detail + ")";
    }
}
