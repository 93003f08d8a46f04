package io.robustunit.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GIVEN simulated gates on known true proportions near and far from the threshold WHEN they stop at
 * the first deciding look THEN wrong decisions (passing a proportion below an "at least" threshold,
 * or failing by the bound one that meets it) stay within the stated error {@code (1 - confidence) / 2}
 * per direction, and far from the threshold the gate needs a fraction of the samples.
 */
class SequentialPlanSimulationTest {

    static final int GATES = 10_000;

    static Stream<Arguments> settings() {
        return Stream.of(
                // confidence, samples, first look, comparison, threshold, true proportion
                Arguments.of(0.95, 1000, 100, Comparison.AT_LEAST, 0.45, 0.25),
                Arguments.of(0.95, 1000, 100, Comparison.AT_LEAST, 0.45, 0.43),
                Arguments.of(0.95, 1000, 100, Comparison.AT_LEAST, 0.45, 0.44),
                Arguments.of(0.95, 1000, 100, Comparison.AT_LEAST, 0.45, 0.449),
                Arguments.of(0.95, 1000, 100, Comparison.AT_LEAST, 0.45, 0.45),
                Arguments.of(0.95, 1000, 100, Comparison.AT_LEAST, 0.45, 0.46),
                Arguments.of(0.95, 1000, 100, Comparison.AT_LEAST, 0.45, 0.72),
                Arguments.of(0.90, 500, 50, Comparison.AT_MOST, 0.20, 0.05),
                Arguments.of(0.90, 500, 50, Comparison.AT_MOST, 0.20, 0.19),
                Arguments.of(0.90, 500, 50, Comparison.AT_MOST, 0.20, 0.21),
                Arguments.of(0.90, 500, 50, Comparison.AT_MOST, 0.20, 0.40),
                Arguments.of(0.99, 10000, 100, Comparison.AT_LEAST, 0.70, 0.69),
                Arguments.of(0.99, 10000, 100, Comparison.AT_LEAST, 0.70, 0.71),
                Arguments.of(0.95, 60, 100, Comparison.AT_LEAST, 0.50, 0.48));
    }

    @ParameterizedTest(name = "{0} confidence, {1} samples, {3} {4}, true {5}")
    @MethodSource("settings")
    void wrongDecisionsStayWithinTheStatedError(
            double confidence, int total, int first, Comparison comparison, double threshold, double truth) {
        SequentialPlan plan = SequentialPlan.of(confidence, total, first);
        Table table = Table.of(plan, comparison, threshold);
        SplittableRandom random = new SplittableRandom(Double.doubleToLongBits(truth) * 31 + total);
        boolean requirementHolds = comparison.holds(truth, threshold);
        int wrong = 0;
        long samplesUsed = 0;
        int[] looks = plan.looks();
        for (int g = 0; g < GATES; g++) {
            int successes = 0;
            int seen = 0;
            for (int k = 0; k < looks.length; k++) {
                for (; seen < looks[k]; seen++) {
                    successes += random.nextDouble() < truth ? 1 : 0;
                }
                SequentialPlan.Status status = table.status(k, successes);
                if (status == SequentialPlan.Status.CONTINUE) {
                    continue;
                }
                boolean failedByBound = status == SequentialPlan.Status.FAIL && table.byBound(k, successes);
                if (requirementHolds ? failedByBound : status == SequentialPlan.Status.PASS) {
                    wrong++;
                }
                break;
            }
            samplesUsed += seen;
        }
        double wrongRate = (double) wrong / GATES;
        double statedError = (1 - confidence) / 2;
        System.out.printf(
                Locale.ROOT,
                "%s: wrong decisions %.4f (stated at most %.3f), mean samples %.0f of %d%n",
                plan,
                wrongRate,
                statedError,
                (double) samplesUsed / GATES,
                total);
        assertThat(wrongRate).isLessThanOrEqualTo(statedError);
        if (Math.abs(truth - threshold) >= 0.15 && total >= 10 * first) {
            assertThat((double) samplesUsed / GATES).isLessThan(0.25 * total);
        }
    }

    /** The plan's decisions, memoised by look and success count (the simulation then mostly counts). */
    private record Table(
            SequentialPlan plan,
            Comparison comparison,
            double threshold,
            java.util.Map<Long, SequentialPlan.Decision> known) {

        static Table of(SequentialPlan plan, Comparison comparison, double threshold) {
            return new Table(plan, comparison, threshold, new java.util.HashMap<>());
        }

        private SequentialPlan.Decision decision(int look, int successes) {
            return known.computeIfAbsent(
                    ((long) look << 32) | successes,
                    key -> plan.decide(look, successes, plan.looks()[look], comparison, threshold));
        }

        SequentialPlan.Status status(int look, int successes) {
            return decision(look, successes).status();
        }

        boolean byBound(int look, int successes) {
            return decision(look, successes).byBound();
        }
    }
}
