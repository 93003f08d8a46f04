package io.robustunit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GIVEN -Drobustunit.workers WHEN no explicit setting exists THEN it is used, and a bad value is refused naming the fix. */
class ForwardWorkersPropertyTest {

    private final String before = System.getProperty(RobustUnitEngine.WORKERS_PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(RobustUnitEngine.WORKERS_PROPERTY);
        } else {
            System.setProperty(RobustUnitEngine.WORKERS_PROPERTY, before);
        }
        RobustUnitEngine.setForwardWorkers(1);
    }

    @Test
    void aWorkerPropertyThatIsNoCountIsRefused() {
        RobustUnitEngine.setForwardWorkers(1);
        System.setProperty(RobustUnitEngine.WORKERS_PROPERTY, "two");
        assertThat(RobustUnitEngine.forwardWorkers())
                .as("an explicit setting wins")
                .isEqualTo(1);

        RobustUnitEngine.clearForwardWorkers();
        assertThatThrownBy(RobustUnitEngine::forwardWorkers)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("robustunit.workers=two is not a worker count: set it to a whole number >= 1"
                        + " (e.g. -Drobustunit.workers=2 with -Drobustunit.threads=1 on 2 cores), or remove it");

        System.setProperty(RobustUnitEngine.WORKERS_PROPERTY, "3");
        assertThat(RobustUnitEngine.forwardWorkers()).isEqualTo(3);
        System.clearProperty(RobustUnitEngine.WORKERS_PROPERTY);
        assertThat(RobustUnitEngine.forwardWorkers()).as("the default").isEqualTo(1);
    }
}
