package io.robustunit.assertj;

import io.robustunit.eval.RobustnessCurve;
import java.util.function.Function;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.WritableAssertionInfo;
import org.assertj.core.description.Description;

/**
 * What an assert takes over from the assert it was reached from ({@code assertThat(model)} ->
 * {@code underAttack(pgd)} -> {@code forClass("Coat")}): where its failures go, its description,
 * and for accuracy gates the sweep they belong to and a confidence already chosen. It reaches the
 * new assert through the assert's constructor, together with the actual in a {@link Chained};
 * AssertJ's soft proxies can only call a constructor with one argument.
 *
 * @param soft the soft assertions collecting failures and invalid evaluations, or {@code null} to throw
 * @param description the parent's description ({@code as(...)}), or {@code null}
 * @param curve the epsilon sweep an accuracy gate's report belongs to, or {@code null}
 * @param confidence the confidence level of the gates, or NaN for plain gates
 */
record AssertContext(SoftRobustnessAssertions soft, Description description, RobustnessCurve curve, double confidence) {

    /** An assert created by the user: it throws and has no description yet. */
    static final AssertContext STANDALONE = new AssertContext(null, null, null, Double.NaN);

    /** The context a new top-level assert of {@code soft} starts with. */
    static AssertContext softly(SoftRobustnessAssertions soft) {
        return new AssertContext(soft, null, null, Double.NaN);
    }

    /** The context an assert hands on: its collector and its description as it stands now. */
    static AssertContext handedOnBy(SoftRobustnessAssertions soft, WritableAssertionInfo info) {
        return new AssertContext(soft, info.description(), null, Double.NaN);
    }

    /** The same context for the gates on one report of {@code sweep}. */
    AssertContext inSweep(RobustnessCurve sweep) {
        return new AssertContext(soft, description, sweep, confidence);
    }

    /** Gives {@code info} the inherited description, if there is one. */
    void describe(WritableAssertionInfo info) {
        if (description != null && !description.value().isEmpty()) {
            info.description(description);
        }
    }

    /**
     * A new assert on {@code actual} in this context: a soft proxy when there is a collector (so
     * that its failures are collected), else the assert itself.
     *
     * @param constructor the assert's constructor taking a {@link Chained}, e.g. {@code RobustnessReportAssert::new}
     */
    <A extends AbstractAssert<A, T>, T> A create(Class<A> type, Function<Chained<T>, A> constructor, T actual) {
        return create(type, Chained.class, constructor, new Chained<>(actual, this));
    }

    /**
     * A new assert built by its one-argument constructor taking {@code argument} (whose class is
     * {@code parameterType}): a soft proxy when there is a collector, else the assert itself.
     */
    <A, P> A create(Class<A> type, Class<? super P> parameterType, Function<P, A> constructor, P argument) {
        return soft == null ? constructor.apply(argument) : soft.proxyConstructedWith(type, parameterType, argument);
    }

    /**
     * The actual of a new assert with the context it inherits: the one argument of the constructor
     * that {@link #create} (and AssertJ's soft proxy) calls.
     *
     * @param actual what the assert checks
     * @param context what it takes over from its parent
     * @param <T> the actual's type
     */
    record Chained<T>(T actual, AssertContext context) {}
}
