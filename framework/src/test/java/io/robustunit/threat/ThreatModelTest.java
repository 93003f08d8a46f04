package io.robustunit.threat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThreatModelTest {

    @ParameterizedTest
    @ValueSource(doubles = {-1, -0.001, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void anEpsilonThatIsNotAFiniteNonNegativeNumberIsRefusedForEveryNorm(double epsilon) {
        for (Norm norm : Norm.values()) {
            assertThatThrownBy(() -> ThreatModel.of(norm, epsilon))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("epsilon must be a finite number >= 0, was " + epsilon);
        }
        assertThatThrownBy(() -> ThreatModel.linf(0.1).withEpsilon(epsilon))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon must be a finite number >= 0");
    }

    @Test
    void anLinfEpsilonWiderThanTheInputRangeIsRefusedWithTheLargestSensibleValue() {
        assertThatThrownBy(() -> ThreatModel.linf(1.5).withInputRange(0f, 1f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Linf epsilon 1.5 exceeds the width of the input range [0.0, 1.0]")
                .hasMessageContaining("Use epsilon <= 1.0");
        assertThatThrownBy(() -> ThreatModel.linf(1.5).resolvedFor(0f, 1f, "net.pt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Linf epsilon 1.5 exceeds the width of model net.pt's input range [0.0, 1.0]")
                .hasMessageContaining("use epsilon <= 1.0");
        assertThatThrownBy(() -> ThreatModel.linf(0.3).withInputRange(0f, 0.25f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Use epsilon <= 0.25");
    }

    @Test
    void aThreatModelWithoutARangeTakesTheModelsAndADeclaredOneMustMatchIt() {
        ThreatModel wide = ThreatModel.linf(1.5).withInputRange(-1, 1);
        assertThat(wide.min()).isEqualTo(-1f);
        assertThat(wide.hasDeclaredRange()).isTrue();
        ThreatModel resolved = ThreatModel.linf(8 / 255.0).resolvedFor(-1f, 1f, "net.pt");
        assertThat(resolved.min()).isEqualTo(-1f);
        assertThat(resolved.max()).isEqualTo(1f);
        assertThat(resolved.epsilon()).isEqualTo(8 / 255.0);
        assertThat(wide.resolvedFor(-1f, 1f, "net.pt")).isEqualTo(wide);
        assertThatThrownBy(() -> ThreatModel.linf(0.1).withInputRange(0f, 1f).resolvedFor(-1f, 1f, "net.pt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declares inputs in [0.0, 1.0] but model net.pt's contract declares [-1.0, 1.0]")
                .hasMessageContaining("drop withInputRange");
    }

    @Test
    void theBoundaryValuesAreAccepted() {
        assertThat(ThreatModel.linf(0).epsilon()).isZero();
        assertThat(ThreatModel.linf(1).epsilon()).isEqualTo(1);
        assertThat(ThreatModel.l2(28).epsilon())
                .as("an L2 ball may exceed the range width")
                .isEqualTo(28);
    }

    @ParameterizedTest
    @ValueSource(floats = {1f, 0.5f, Float.NaN})
    void anEmptyOrInvalidInputRangeIsRefused(float max) {
        assertThatThrownBy(() -> ThreatModel.l2(0.5).withInputRange(1f, max))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input range must be finite with min < max, was [1.0, " + max + "]");
    }

    @Test
    void aNullNormIsRefused() {
        assertThatThrownBy(() -> ThreatModel.of(null, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("norm must not be null");
    }

    @Test
    void anUnknownNormNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Norm.parse("l1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown norm 'l1'; use linf or l2");
        assertThat(Norm.parse(" LINF ")).isEqualTo(Norm.LINF);
        assertThat(Norm.parse("l2")).isEqualTo(Norm.L2);
    }
}
