package io.robustunit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProportionTest {

    /** References: bisection on exact binomial tail sums (independent of the beta function). */
    @ParameterizedTest(name = "{0}/{1} at {2}")
    @CsvSource({
        "631, 1000, 0.95, 0.600242046131, 0.660984097008",
        "0,   10,   0.95, 0.0,            0.308497107819",
        "10,  10,   0.95, 0.691502892181, 1.0",
        "1,   2,    0.95, 0.012579117093, 0.987420882907",
        "5,   20,   0.99, 0.058333936059, 0.559760907758",
        "990, 1000, 0.90, 0.983096824879, 0.994564859855",
        "0,   1000, 0.95, 0.0,            0.003682083897",
    })
    void clopperPearsonMatchesExactBinomialTailInversion(int k, int n, double confidence, double lower, double upper) {
        ConfidenceInterval ci = new Proportion(k, n).interval(confidence);

        assertThat(ci.lower()).isCloseTo(lower, within(1e-9));
        assertThat(ci.upper()).isCloseTo(upper, within(1e-9));
        assertThat(ci.confidence()).isEqualTo(confidence);
    }

    @Test
    void zeroSuccessesHaveTheClosedFormUpperBound() {
        // P(X = 0) = (1 - p)^n = alpha / 2  =>  p = 1 - (alpha / 2)^(1 / n)
        for (int n : new int[] {1, 7, 50, 3000}) {
            ConfidenceInterval ci = new Proportion(0, n).interval(0.95);
            assertThat(ci.lower()).isZero();
            assertThat(ci.upper()).isCloseTo(1 - Math.pow(0.025, 1.0 / n), within(1e-12));
            ConfidenceInterval all = new Proportion(n, n).interval(0.95);
            assertThat(all.upper()).isEqualTo(1.0);
            assertThat(all.lower()).isCloseTo(Math.pow(0.025, 1.0 / n), within(1e-12));
        }
    }

    @Test
    void theIncompleteBetaFunctionMatchesClosedForms() {
        // I_x(1, b) = 1 - (1 - x)^b ; I_x(a, 1) = x^a ; I_x(2, 2) = 3x^2 - 2x^3
        assertThat(IncompleteBeta.regularized(0.3, 1, 5)).isCloseTo(1 - Math.pow(0.7, 5), within(1e-14));
        assertThat(IncompleteBeta.regularized(0.3, 4, 1)).isCloseTo(Math.pow(0.3, 4), within(1e-14));
        assertThat(IncompleteBeta.regularized(0.8, 2, 2)).isCloseTo(3 * 0.64 - 2 * 0.512, within(1e-14));
        assertThat(IncompleteBeta.logGamma(10)).isCloseTo(Math.log(362880), within(1e-12));
    }

    @Test
    void widerConfidenceGivesAWiderIntervalAroundTheEstimate() {
        ConfidenceInterval ninety = new Proportion(631, 1000).interval(0.90);
        ConfidenceInterval ninetyNine = new Proportion(631, 1000).interval(0.99);

        assertThat(ninety.contains(0.631)).isTrue();
        assertThat(ninetyNine.lower()).isLessThan(ninety.lower());
        assertThat(ninetyNine.upper()).isGreaterThan(ninety.upper());
        assertThat(ninety).hasToString("[0.605, 0.656] (90%)");
    }

    @Test
    void invalidArgumentsAreNamed() {
        assertThatThrownBy(() -> new Proportion(1, 0).interval(0.95)).hasMessageContaining("total must be >= 1, was 0");
        assertThatThrownBy(() -> new Proportion(11, 10).interval(0.95))
                .hasMessageContaining("count must be in [0, 10], was 11");
        assertThatThrownBy(() -> new Proportion(5, 10).interval(95))
                .hasMessageContaining("confidence must be in (0, 1), e.g. 0.95, was 95.0");
    }
}
