package io.robustunit.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.data.LabeledImages;
import io.robustunit.junit5.samples.CountingSource;
import io.robustunit.junit5.samples.LifecycleSamples.Parameters;
import io.robustunit.junit5.samples.LifecycleSamples.SharedA;
import io.robustunit.junit5.samples.LifecycleSamples.SharedB;
import io.robustunit.junit5.samples.LifecycleSamples.StaticAndInstanceFields;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @BeforeEach
    void reset() {
        CountingSource.reset();
        CountingSource.Shared.reset();
        StaticAndInstanceFields.SEEN.clear();
        SharedA.SEEN.clear();
        SharedB.SEEN.clear();
        Parameters.SEEN.clear();
    }

    @Test
    void aStaticFieldIsLoadedOncePerClassAndAnInstanceFieldOncePerTestAndJUnitClosesAll() {
        Kit.run(StaticAndInstanceFields.class)
                .testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));

        List<Object> seen = StaticAndInstanceFields.SEEN;
        assertThat(seen.get(0)).as("per-class model").isSameAs(seen.get(4));
        assertThat(seen.get(1)).as("per-test model").isNotSameAs(seen.get(5));
        assertThat(seen.get(2)).as("data").isSameAs(seen.get(6));
        assertThat(((LabeledImages) seen.get(2)).size()).isEqualTo(10);
        assertThat(seen.get(3)).as("field without annotation").isEqualTo("null");
        assertThat(CountingSource.LOADS).hasValue(3);
        assertThat(CountingSource.CLOSES).hasValue(3);
    }

    @Test
    void aSharedModelIsLoadedOncePerRunForEveryClassThatDeclaresItAndClosedAtTheEnd() {
        Kit.run(SharedA.class, SharedB.class)
                .testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(SharedA.SEEN).singleElement().isSameAs(SharedB.SEEN.get(0));
        assertThat(CountingSource.Shared.LOADS).hasValue(1);
        assertThat(CountingSource.Shared.CLOSES).hasValue(1);
    }

    @Test
    void annotatedParametersLiveAsLongAsTheirTest() {
        Kit.run(Parameters.class)
                .testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(Parameters.SEEN)
                .hasSize(3)
                .filteredOn(LabeledImages.class::isInstance)
                .singleElement()
                .extracting(d -> ((LabeledImages) d).size())
                .isEqualTo(20);
        assertThat(CountingSource.LOADS).hasValue(2);
        assertThat(CountingSource.CLOSES).hasValue(2);
    }
}
