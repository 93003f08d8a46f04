package io.robustunit.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.robustunit.engine.RobustUnitEngine;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ParameterUpdaterTest {

    NDManager manager = NDManager.newBaseManager();

    @BeforeAll
    static void engine() {
        RobustUnitEngine.pytorch();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Runs {@code steps} updates of one scalar parameter with the gradients given; returns its values. */
    double[] run(OptimizerConfig config, double lr, double start, double... gradients) {
        NDArray w = manager.create(new float[] {(float) start});
        double[] trace = new double[gradients.length];
        try (ParameterUpdater updater = new ParameterUpdater(config, List.of(w), manager)) {
            for (int i = 0; i < gradients.length; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    updater.apply(List.of(w), List.of(scope.create(new float[] {(float) gradients[i]})), lr, scope);
                }
                trace[i] = w.getFloat(0);
            }
        }
        return trace;
    }

    @Test
    void sgdWithMomentumAndWeightDecayFollowsPyTorch() {
        double[] w = run(OptimizerConfig.sgd().withMomentum(0.9).withWeightDecay(0.1), 0.5, 1.0, 2.0, -1.0);
        double g1 = 2.0 + 0.1 * 1.0;
        double w1 = 1.0 - 0.5 * g1;
        double buf2 = 0.9 * g1 + (-1.0 + 0.1 * w1);
        double w2 = w1 - 0.5 * buf2;
        assertThat(w).containsExactly(new double[] {w1, w2}, within(1e-6));
    }

    @Test
    void adamFollowsPyTorch() {
        double[] w = run(OptimizerConfig.adam(), 0.1, 1.0, 2.0, -1.0);
        double m = 0;
        double v = 0;
        double p = 1.0;
        double[] expected = new double[2];
        double[] g = {2.0, -1.0};
        for (int t = 1; t <= 2; t++) {
            m = 0.9 * m + 0.1 * g[t - 1];
            v = 0.999 * v + 0.001 * g[t - 1] * g[t - 1];
            p -= 0.1 / (1 - Math.pow(0.9, t)) * m / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
            expected[t - 1] = p;
        }
        assertThat(w).containsExactly(expected, within(1e-6));
    }

    @Test
    void stateRoundTripsAndAMismatchedStateIsRejected() {
        NDArray w = manager.create(new float[] {1f, 2f});
        try (ParameterUpdater a = new ParameterUpdater(OptimizerConfig.adam(), List.of(w), manager);
                ParameterUpdater sgd = new ParameterUpdater(OptimizerConfig.sgd(), List.of(w), manager);
                NDManager scope = manager.newSubManager()) {
            a.apply(List.of(w), List.of(scope.create(new float[] {1f, -1f})), 0.1, scope);
            NDList state = a.state(scope);

            try (ParameterUpdater b = new ParameterUpdater(OptimizerConfig.adam(), List.of(w), manager)) {
                b.restore(NDList.decode(scope, state.encode()), "test");
                assertThat(b.step()).isEqualTo(1);
                assertThat(b.state(scope).get(2).toFloatArray())
                        .containsExactly(state.get(2).toFloatArray());
            }
            assertThatThrownBy(() -> sgd.restore(state, "file.ndlist"))
                    .hasMessageContaining("file.ndlist holds 2 optimizer buffers")
                    .hasMessageContaining("needs 1");
        }
    }

    @Test
    void piecewiseScheduleDecaysFromEachMilestoneOn() {
        LearningRateSchedule schedule =
                LearningRateSchedule.piecewise(0.1).decayAt(2, 0.1).decayAt(0.5, 0.5);

        assertThat(schedule.rate(0)).isEqualTo(0.1);
        assertThat(schedule.rate(0.5)).isCloseTo(0.05, within(1e-12));
        assertThat(schedule.rate(1.99)).isCloseTo(0.05, within(1e-12));
        assertThat(schedule.rate(2)).isCloseTo(0.005, within(1e-12));
        assertThat(schedule.toString()).isEqualTo("lr 0.1, x0.5 after 0.5 epochs, x0.1 after 2.0 epochs");
    }
}
