package io.robustunit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    /**
     * Known answers: reports merge across machines and versions only while a seed means the same
     * draws everywhere, so the derivations are pinned (the values that attack.SampleSeeds and
     * trades.Seeds gave before they became this class).
     */
    @Test
    void derivationsGiveTheSameSeedsAsEver() {
        assertThat(Seeds.forSample(0, 0)).isEqualTo(-6710456551812265505L);
        assertThat(Seeds.forSample(42, 7)).isEqualTo(1833433047853596724L);
        assertThat(Seeds.random(42, 7).nextLong()).isEqualTo(-6817460995342990643L);
        assertThat(Seeds.derive(0, 1, 0)).isEqualTo(-4005528349307127206L);
        assertThat(Seeds.derive(42, 3, 17)).isEqualTo(-3221929137905757103L);
    }

    @Test
    void aSampleSeedDependsOnTheSeedAndTheIndexOnly() {
        Set<Long> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            for (int index = 0; index < 50; index++) {
                assertThat(seen.add(Seeds.forSample(seed, index))).isTrue();
            }
        }
        var generators = Seeds.randoms(9, new int[] {5, 3, 5});
        assertThat(generators).hasSize(3);
        long first = generators[0].nextLong();
        assertThat(generators[2].nextLong())
                .isEqualTo(first)
                .isEqualTo(Seeds.random(9, 5).nextLong());
        assertThat(generators[1].nextLong()).isNotEqualTo(first);
        assertThatThrownBy(() -> Seeds.forSample(1, -1)).hasMessage("datasetIndex must be >= 0, was -1");
    }

    @Test
    void derivedStreamsDifferByPosition() {
        assertThat(Seeds.derive(7, 1, 2)).isNotEqualTo(Seeds.derive(7, 2, 1)).isNotEqualTo(Seeds.derive(7, 1));
        assertThat(Seeds.derive(7, 1, 2)).isEqualTo(Seeds.derive(7, 1, 2));
    }
}
