package io.robustunit.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.data.FashionMnist;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustnessBaselineTest {

    @TempDir
    Path dir;

    static RobustnessReport report(Set<Integer> robust) {
        RobustnessReport.Builder b = RobustnessReport.builder()
                .modelName("m.pt")
                .dataset("Fashion-MNIST test", FashionMnist.CLASS_NAMES)
                .attack("PGD", "PGD(Linf eps=0.100)", ThreatModel.linf(0.1), 0);
        for (int i = 0; i < 10; i++) {
            b.outcome(
                    robust.contains(i)
                            ? new SampleOutcome(i * 3, i, i, i, 0.1, null)
                            : new SampleOutcome(i * 3, i, i, (i + 1) % 10, 0.1, "PGD"));
        }
        return b.build();
    }

    @Test
    void recordsRobustSamplesByDatasetIndexAndSurvivesAJsonRoundTrip() throws Exception {
        RobustnessBaseline baseline = RobustnessBaseline.of("pgd", report(Set.of(0, 1, 2, 5)));
        Path file = dir.resolve("nested/pgd.json");

        baseline.write(file);

        assertThat(RobustnessBaseline.read(file)).contains(baseline);
        assertThat(baseline.robustIndices()).containsExactly(0, 3, 6, 15);
        assertThat(baseline.robustAccuracy()).isEqualTo(0.4);
        assertThat(Files.readString(file))
                .contains("\"robustCount\": 4")
                .contains("\"attack\": \"PGD(Linf eps=0.100)\"");
    }

    @Test
    void recordsTheDigestOfTheModelItWasMeasuredOn() throws Exception {
        String sha = "ab".repeat(32);
        RobustnessReport.Builder b = RobustnessReport.builder()
                .modelName("m.pt")
                .modelSha256(sha)
                .dataset("Fashion-MNIST test", FashionMnist.CLASS_NAMES)
                .attack("PGD", "PGD(Linf eps=0.100)", ThreatModel.linf(0.1), 0)
                .outcome(new SampleOutcome(0, 1, 1, 1, 0.1, null));
        RobustnessBaseline baseline = RobustnessBaseline.of("pgd", b.build());
        Path file = dir.resolve("sha.json");

        baseline.write(file);

        assertThat(baseline.modelSha256()).isEqualTo(sha);
        assertThat(Files.readString(file)).contains("\"modelSha256\": \"" + sha + "\"");
        assertThat(RobustnessBaseline.read(file)).contains(baseline);
        assertThat(RobustnessBaseline.of("pgd", report(Set.of(0))).modelSha256())
                .isNull();
    }

    @Test
    void namesTheSamplesThatWentFromRobustToBrokenAndBack() {
        RobustnessBaseline baseline = RobustnessBaseline.of("pgd", report(Set.of(0, 1, 2, 5)));
        RobustnessReport now = report(Set.of(0, 2, 7));

        assertThat(baseline.newlyBroken(now)).containsExactly(3, 15);
        assertThat(baseline.newlyRobust(now)).containsExactly(21);
        assertThat(baseline.setupDifference(now)).isEmpty();
    }

    @Test
    void aMissingFileIsEmptyAndAMalformedOneIsNamed() throws Exception {
        assertThat(RobustnessBaseline.read(dir.resolve("none.json"))).isEmpty();

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"something-else\", \"formatVersion\": 1}");
        assertThatThrownBy(() -> RobustnessBaseline.read(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(broken + " is not a robustunit.robustness-baseline version 1 file");
        Files.writeString(broken, "not json");
        assertThatThrownBy(() -> RobustnessBaseline.read(broken))
                .hasMessageStartingWith(broken + " is not a valid robustness baseline");
    }

    @Test
    void gateNamesMustBeSafeFileNames() {
        assertThat(Baselines.file("pgd-linf-0.1")).hasFileName("pgd-linf-0.1.json");
        assertThatThrownBy(() -> Baselines.file("../escape"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be letters, digits");
    }
}
