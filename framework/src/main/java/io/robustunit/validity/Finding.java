package io.robustunit.validity;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One reason not to trust an evaluation.
 *
 * @param kind what went wrong
 * @param message what was measured, on which model and data, and what usually causes it
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Finding(Kind kind, String message) {

    /** The kinds of invalid evaluation that RobustUnit detects. */
    public enum Kind {
        /** The model returns probabilities (rows in [0, 1] summing to 1), not logits. */
        PROBABILITY_OUTPUTS("outputs are probabilities, not logits"),
        /** Two identical eval-mode calls return different logits. */
        NONDETERMINISTIC_LOGITS("logits change between identical calls"),
        /** The input gradient is zero on most samples. */
        GRADIENT_MASKING("zero input gradients (gradient masking)"),
        /** Robust accuracy rises with epsilon in a sweep. */
        NON_MONOTONE_SWEEP("robust accuracy rises with epsilon"),
        /** A large epsilon does not drive robust accuracy near zero. */
        LARGE_EPSILON_NOT_SATURATING("large epsilon does not break the model"),
        /** A white-box attack is clearly beaten by a simpler white-box one (PGD weaker than FGSM). */
        WEAKER_THAN_SIMPLER_ATTACK("attack weaker than a simpler one"),
        /** A black-box attack clearly beats a white-box attack of the same budget. */
        BLACK_BOX_BEATS_WHITE_BOX("black-box attack beats white-box attack"),
        /** Input gradients exist but do not predict how the loss changes (shattered gradients). */
        SHATTERED_GRADIENTS("gradients do not predict the loss (shattered gradients)"),
        /** Cross-entropy gradients underflow while the margin still has signal (saturated softmax). */
        VANISHING_GRADIENTS("cross-entropy gradients vanish (saturated softmax)"),
        /** NaN or infinite input gradients, or logits of absurd scale. */
        EXPLODING_GRADIENTS("non-finite gradients or logits of absurd scale"),
        /** The model's output on the same inputs changed between the start and the end of the evaluation. */
        MODEL_CHANGED_DURING_EVALUATION("the model changed during the evaluation"),
        /** Adversarial examples lie outside the threat model's ball or the input range. */
        PERTURBATION_OUT_OF_BOUNDS("perturbations outside the threat model"),
        /**
         * A randomized-smoothing certification contradicts its own bounds: a radius beyond what n
         * draws allow, a certificate its counts do not support, certified above smoothed clean accuracy.
         */
        INCONSISTENT_CERTIFICATION("certificates contradict their own bounds");

        private final String summary;

        Kind(String summary) {
            this.summary = summary;
        }

        /** A few words for a summary line. */
        public String summary() {
            return summary;
        }
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return kind.summary() + ": " + message;
    }
}
