package io.robustunit.junit5.samples;

import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackFactory;
import io.robustunit.attack.Attacks;
import io.robustunit.junit5.AttackSource;
import io.robustunit.junit5.EpsilonSource;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;

public final class SourceSamples {

    private SourceSamples() {}

    public static class Epsilons {
        public static final List<ThreatModel> SEEN = new CopyOnWriteArrayList<>();

        @ParameterizedTest(name = "{0}")
        @EpsilonSource(
                norm = Norm.LINF,
                values = {0.05, 0.1})
        void linf(ThreatModel threatModel) {
            SEEN.add(threatModel);
        }

        @ParameterizedTest(name = "{0}")
        @EpsilonSource(norm = Norm.L2, values = 1.5, min = -1, max = 1)
        void l2(ThreatModel threatModel) {
            SEEN.add(threatModel);
        }
    }

    public static class NoEpsilons {
        @ParameterizedTest
        @EpsilonSource(values = {})
        void never(ThreatModel threatModel) {}
    }

    public static class EpsilonTooLarge {
        @ParameterizedTest
        @EpsilonSource(values = 2.0, min = 0, max = 1)
        void never(ThreatModel threatModel) {}
    }

    public static class Fgsm implements AttackFactory {
        @Override
        public Attack create(ThreatModel threatModel) {
            return Attacks.fgsm(threatModel);
        }
    }

    public static class Pgd5 implements AttackFactory {
        @Override
        public Attack create(ThreatModel threatModel) {
            return Attacks.pgd(threatModel).steps(5);
        }
    }

    public static class AttacksByEpsilon {
        public static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @ParameterizedTest(name = "{0}")
        @AttackSource(
                value = {Fgsm.class, Pgd5.class},
                epsilons = {0.05, 0.1})
        void attack(Attack attack) {
            SEEN.add(attack.toString());
        }
    }
}
