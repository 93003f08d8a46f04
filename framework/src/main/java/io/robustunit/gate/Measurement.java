package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.eval.ConfidenceInterval;
import io.robustunit.eval.Proportion;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a gate measured: a value, usually a {@link Proportion} of samples, and, if the gate computed
 * one, a confidence interval for it.
 *
 * <pre>{@code
 * Measurement robust = Measurement.of(new Proportion(631, 1000), 0.95);
 * robust.value();     // 0.631
 * robust.toString();  // 0.631 (631/1000)
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Measurement {

    private final double value;
    private final Proportion proportion;
    private final ConfidenceInterval interval;

    private Measurement(double value, Proportion proportion, ConfidenceInterval interval) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("measured value must be finite, was " + value);
        }
        this.value = value;
        this.proportion = proportion;
        this.interval = interval;
    }

    /** A value that is no share of samples (or whose counts are not known). */
    public static Measurement of(double value) {
        return new Measurement(value, null, null);
    }

    /** A share of samples without an interval. */
    public static Measurement of(Proportion proportion) {
        return new Measurement(proportion.value(), proportion, null);
    }

    /** A share of samples with its Clopper-Pearson interval at {@code confidence}. */
    public static Measurement of(Proportion proportion, double confidence) {
        return of(proportion, proportion.interval(confidence));
    }

    /** A share of samples with an interval computed elsewhere (e.g. a sequential gate's bound). */
    public static Measurement of(Proportion proportion, ConfidenceInterval interval) {
        return new Measurement(proportion.value(), proportion, Objects.requireNonNull(interval, "interval"));
    }

    /** The same measurement with {@code interval} (or none, if null). */
    public Measurement withInterval(ConfidenceInterval interval) {
        return new Measurement(value, proportion, interval);
    }

    /** The measured value, e.g. {@code 0.631}. */
    public double value() {
        return value;
    }

    /** The value as a count of samples, when it is a share of samples (e.g. 631/1000). */
    public Optional<Proportion> proportion() {
        return Optional.ofNullable(proportion);
    }

    /** A confidence interval for the value, if the gate computed one. */
    public Optional<ConfidenceInterval> interval() {
        return Optional.ofNullable(interval);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Measurement m
                && Double.compare(value, m.value) == 0
                && Objects.equals(proportion, m.proportion)
                && Objects.equals(interval, m.interval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, proportion, interval);
    }

    /** The value with its counts, e.g. {@code 0.631 (631/1000)} or {@code 0.250}. */
    @Override
    public String toString() {
        String text = String.format(Locale.ROOT, "%.3f", value);
        return proportion == null ? text : text + " (" + proportion + ")";
    }
}
