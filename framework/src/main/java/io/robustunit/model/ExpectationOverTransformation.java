package io.robustunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * A view of a model that is random at evaluation time (noise layers, dropout left on, random
 * resizing or cropping) that attacks and evaluations can be run against correctly: Expectation over
 * Transformation (Athalye et al. 2018).
 *
 * <ul>
 *   <li>{@link #inputGradient} averages the input gradients of {@link #draws()} independent calls,
 *       so PGD and APGD ascend the expected loss instead of one random draw of it;
 *   <li>{@link #logits} averages the logits of {@link #draws()} calls, so score-based attacks
 *       (Square) query each candidate repeatedly;
 *   <li>the evaluator counts a sample as correct only if all {@link #predictionRepeats()} predictions
 *       of the underlying model are correct, clean and adversarial: robust accuracy is counted over
 *       repeated predictions, not one lucky draw.
 * </ul>
 *
 * <p>Closing this view does not close the underlying model.
 *
 * <pre>{@code
 * Classifier eot = ExpectationOverTransformation.of(noisyModel, 10);
 * RobustnessReport report = evaluator.evaluate(eot, data, Attacks.pgd(linf(0.1)));
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ExpectationOverTransformation implements Classifier {

    private final Classifier base;
    private final int draws;
    private final int predictionRepeats;

    private ExpectationOverTransformation(Classifier base, int draws, int predictionRepeats) {
        this.base = Objects.requireNonNull(base, "base");
        if (base instanceof ExpectationOverTransformation) {
            throw new IllegalArgumentException(base.name() + " is already an EOT view");
        }
        if (draws < 1 || predictionRepeats < 1) {
            throw new IllegalArgumentException(
                    "draws and predictionRepeats must be >= 1, were " + draws + " and " + predictionRepeats);
        }
        this.draws = draws;
        this.predictionRepeats = predictionRepeats;
    }

    /** EOT over {@code draws} draws for gradients and scores, and as many repeated predictions. */
    public static ExpectationOverTransformation of(Classifier base, int draws) {
        return new ExpectationOverTransformation(base, draws, draws);
    }

    /** The same view with another number of repeated predictions per sample. */
    public ExpectationOverTransformation withPredictionRepeats(int repeats) {
        return new ExpectationOverTransformation(base, draws, repeats);
    }

    /** The random model. */
    public Classifier base() {
        return base;
    }

    /** Calls averaged per gradient and per score query. */
    public int draws() {
        return draws;
    }

    /** Predictions that must all be correct for a sample to count as correct. */
    public int predictionRepeats() {
        return predictionRepeats;
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public InputContract contract() {
        return base.contract();
    }

    @Override
    public Device device() {
        return base.device();
    }

    @Override
    public boolean hasInputGradients() {
        return base.hasInputGradients();
    }

    @Override
    public String runtime() {
        return base.runtime();
    }

    @Override
    public NDArray logits(NDArray inputs) {
        NDArray sum = base.logits(inputs);
        for (int d = 1; d < draws; d++) {
            try (NDArray next = base.logits(inputs);
                    NDArray previous = sum) {
                sum = previous.add(next);
            }
        }
        try (NDArray total = sum) {
            return total.div((float) draws);
        }
    }

    @Override
    public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
        InputGradient first = base.inputGradient(inputs, loss);
        NDArray logits = first.logits();
        NDArray gradient = first.gradient();
        for (int d = 1; d < draws; d++) {
            try (InputGradient next = base.inputGradient(inputs, loss);
                    NDArray previousLogits = logits;
                    NDArray previousGradient = gradient) {
                logits = previousLogits.add(next.logits());
                gradient = previousGradient.add(next.gradient());
            }
        }
        try (NDArray totalLogits = logits;
                NDArray totalGradient = gradient) {
            return new InputGradient(totalLogits.div((float) draws), totalGradient.div((float) draws));
        }
    }

    /** Does not close the underlying model. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return name() + " (EOT over " + draws + " draws, " + predictionRepeats + " repeated predictions)";
    }
}
