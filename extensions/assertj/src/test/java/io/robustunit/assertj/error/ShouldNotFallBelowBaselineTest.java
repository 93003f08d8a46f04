package io.robustunit.assertj.error;

import static io.robustunit.assertj.error.ShouldNotFallBelowBaseline.shouldNotFallBelowBaseline;
import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.assertj.Reports;
import io.robustunit.baseline.RobustnessBaseline;
import io.robustunit.eval.Proportion;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.Measurement;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

class ShouldNotFallBelowBaselineTest {

    RobustnessBaseline baseline = RobustnessBaseline.of("pgd", Reports.report(1000, 905, 650));
    RobustnessReport now = Reports.report(1000, 905, 631);

    @Test
    void listsTheBaselineTheFileAndTheSamplesThatWentFromRobustToBroken() {
        String message = shouldNotFallBelowBaseline(
                        GateSubject.of(now),
                        Measurement.of(new Proportion(631, 1000), 0.95),
                        baseline,
                        "robustness-baselines/pgd.json",
                        0.01,
                        baseline.newlyBroken(now))
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .isEqualTo("Expecting robust accuracy of fashion-mnist-natural.pt under PGD(Linf"
                        + " eps=0.100, 20 steps, step 0.010, seed 7) on 1,000 Fashion-MNIST test images not to fall more"
                        + " than 0.010 below its baseline 0.650 (650/1000, robustness-baselines/pgd.json) but was 0.631"
                        + " (631/1000; 95% CI 0.600-0.661); 19 samples went from robust to broken since the baseline,"
                        + " dataset indices: 631, 632, 633, 634, 635, 636, 637, 638, 639, 640, 641, 642, 643, 644, 645,"
                        + " 646, 647, 648, 649. To accept the new value, run with -Drobustunit.baseline.update=true and"
                        + " commit the file.");
    }

    @Test
    void abbreviatesLongListsOfIndices() {
        List<Integer> many = IntStream.range(0, 53).boxed().toList();

        String message = shouldNotFallBelowBaseline(
                        GateSubject.of(now),
                        Measurement.of(new Proportion(631, 1000), 0.95),
                        baseline,
                        "b.json",
                        0.0,
                        many)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);

        assertThat(message)
                .contains("53 samples went from robust to broken")
                .contains(", 48, 49, ... (3 more). To accept");
    }
}
