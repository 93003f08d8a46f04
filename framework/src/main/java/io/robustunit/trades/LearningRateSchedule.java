package io.robustunit.trades;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A piecewise-constant learning rate: a base rate multiplied by a factor at each milestone.
 * Milestones are counted in epochs of training done and may be fractional, so short fine-tuning
 * runs can decay mid-epoch: {@code decayAt(1.5, 0.1)} multiplies the rate by 0.1 from the middle
 * of the second epoch on. The TRADES paper's MNIST schedule (lr 0.01, x0.1 from epochs 55, 75 and
 * 90 of 100) is {@code piecewise(0.01).decayAt(54, 0.1).decayAt(74, 0.1).decayAt(89, 0.1)}.
 *
 * <pre>{@code
 * LearningRateSchedule.constant(0.01);
 * LearningRateSchedule.piecewise(0.01).decayAt(2, 0.1);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class LearningRateSchedule {

    /** A point from which the rate is multiplied by {@code factor}. */
    private record Milestone(double epochsDone, double factor) {}

    private final double baseRate;
    private final List<Milestone> milestones;

    private LearningRateSchedule(double baseRate, List<Milestone> milestones) {
        if (!(baseRate > 0) || !Double.isFinite(baseRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, was " + baseRate);
        }
        this.baseRate = baseRate;
        this.milestones = List.copyOf(milestones);
    }

    /** The same rate throughout. */
    public static LearningRateSchedule constant(double rate) {
        return new LearningRateSchedule(rate, List.of());
    }

    /** Starts at {@code baseRate}; add decays with {@link #decayAt}. */
    public static LearningRateSchedule piecewise(double baseRate) {
        return constant(baseRate);
    }

    /**
     * Multiplies the rate by {@code factor} once {@code epochsDone} epochs of training are done.
     *
     * @param epochsDone a finite number >= 0, possibly fractional
     * @param factor a finite number > 0 (usually below 1)
     */
    public LearningRateSchedule decayAt(double epochsDone, double factor) {
        if (!(epochsDone >= 0) || !Double.isFinite(epochsDone)) {
            throw new IllegalArgumentException(
                    "a learning-rate milestone must be a finite number of epochs >= 0, was " + epochsDone);
        }
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException(
                    "a learning-rate decay factor must be a finite number > 0, was " + factor);
        }
        List<Milestone> list = new ArrayList<>(milestones);
        list.add(new Milestone(epochsDone, factor));
        list.sort(Comparator.comparingDouble(Milestone::epochsDone));
        return new LearningRateSchedule(baseRate, list);
    }

    public double baseRate() {
        return baseRate;
    }

    /** The rate after {@code epochsDone} epochs of training (fractional within an epoch). */
    public double rate(double epochsDone) {
        double rate = baseRate;
        for (Milestone m : milestones) {
            if (epochsDone >= m.epochsDone) {
                rate *= m.factor;
            }
        }
        return rate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearningRateSchedule s
                && Double.compare(s.baseRate, baseRate) == 0
                && s.milestones.equals(milestones);
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseRate, milestones);
    }

    /** For example {@code lr 0.01, x0.1 from epoch 2.0}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "lr %s", baseRate));
        for (Milestone m : milestones) {
            s.append(String.format(Locale.ROOT, ", x%s after %s epochs", m.factor, m.epochsDone));
        }
        return s.toString();
    }
}
