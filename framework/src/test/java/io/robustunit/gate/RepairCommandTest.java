package io.robustunit.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.data.FashionMnist;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.io.FileDigests;
import io.robustunit.io.Provenance;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepairCommandTest {

    @Test
    void namesTheModelTheDataAndTheThreatModel() {
        assertThat(RepairCommand.of("models/a b.pt", "data/fm", ThreatModel.l2(0.5)))
                .isEqualTo("mvn robustunit:repair -Drobustunit.model='models/a b.pt' -Drobustunit.data=data/fm"
                        + " -Drobustunit.norm=l2 -Drobustunit.eps=0.5");
    }

    @Test
    void aModelLoadedFromTestClassesIsNamedByItsSourceAndItsDigestIsReported(@TempDir Path project) throws Exception {
        Path source = project.resolve("src/test/resources/models/repair-me.pt");
        Path copy = project.resolve("target/test-classes/models/repair-me.pt");
        Files.createDirectories(source.getParent());
        Files.createDirectories(copy.getParent());
        Files.writeString(source, "weights");
        Files.writeString(copy, "weights");
        Provenance.recordModel("repair-me.pt", copy);
        Provenance.recordData("repair data", project.resolve("data"));

        RobustnessReport report = report("repair-me.pt", "repair data", ThreatModel.linf(0.03));

        assertThat(RepairCommand.line(report))
                .hasValue(
                        "To repair (TRADES fine-tuning against this threat model): mvn robustunit:repair -Drobustunit.model="
                                + source + " -Drobustunit.data=" + project.resolve("data") + " -Drobustunit.norm=linf"
                                + " -Drobustunit.eps=0.03");
        assertThat(Provenance.modelSha256("repair-me.pt")).hasValue(FileDigests.sha256(copy));
    }

    @Test
    void aNameRecordedForTwoFilesIsAmbiguousAndNeverNamesTheWrongOne(@TempDir Path dir) {
        Provenance.recordModel("twice.pt", dir.resolve("a/twice.pt"));
        Provenance.recordModel("twice.pt", dir.resolve("b/twice.pt"));

        assertThat(Provenance.modelFile("twice.pt")).isEmpty();
        assertThat(RepairCommand.of(report("twice.pt", "nowhere", ThreatModel.linf(0.1))))
                .hasValue(
                        "mvn robustunit:repair -Drobustunit.model=twice.pt -Drobustunit.norm=linf -Drobustunit.eps=0.1");
    }

    @Test
    void aCleanGateWithoutRadiusHasNoRepairCommand() {
        assertThat(RepairCommand.of(report("m.pt", "d", ThreatModel.linf(0)))).isEmpty();
    }

    private static RobustnessReport report(String model, String data, ThreatModel threat) {
        return RobustnessReport.builder()
                .modelName(model)
                .dataset(data, FashionMnist.CLASS_NAMES)
                .attack("PGD", "PGD", threat, 0)
                .outcome(new SampleOutcome(0, 1, 1, 1, 0.0, null))
                .build();
    }
}
