package io.robustunit.allure.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.threat.ThreatModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerClassTableTest {

    /** Class 0: 2 samples, both robust; class 1 ("a, \"b\""): 2 clean-correct, 1 robust; class 2 empty. */
    final RobustnessReport report = RobustnessReport.builder()
            .modelName("m<1>.pt")
            .dataset("toy", List.of("zero", "a, \"b\"", "<empty>"))
            .attack("PGD", "PGD(eps=0.1)", ThreatModel.linf(0.1), 0)
            .outcome(new SampleOutcome(0, 0, 0, 0, 0, null))
            .outcome(new SampleOutcome(1, 0, 0, 0, 0, null))
            .outcome(new SampleOutcome(2, 1, 1, 1, 0, null))
            .outcome(new SampleOutcome(3, 1, 1, 0, 0.1, "PGD"))
            .build();

    @Test
    void csvHasOneLinePerClassWithCountsAndRates() {
        RenderedAttachment csv = new PerClassTable().csv(report);

        assertThat(csv.mimeType()).isEqualTo("text/csv");
        assertThat(csv.extension()).isEqualTo("csv");
        assertThat(csv.contentAsText()).isEqualTo("""
                label,class,samples,clean correct,clean accuracy,robust,robust accuracy
                0,zero,2,2,1.000,2,1.000
                1,"a, ""b""\",2,2,1.000,1,0.500
                2,<empty>,0,0,,0,
                """);
    }

    @Test
    void htmlMarksTheWeakestClassAndEscapesNames() {
        RenderedAttachment html = new PerClassTable().html(report);

        assertThat(html.mimeType()).isEqualTo("text/html");
        assertThat(html.contentAsText())
                .contains("PGD(eps=0.1) on m&lt;1&gt;.pt, toy: robust 3/4, clean 4/4")
                .contains("<tr class=\"weakest\"><td>1</td><td class=\"name\">a, &quot;b&quot;</td>"
                        + "<td>2</td><td>2</td><td>1.000</td><td>1</td><td>0.500</td></tr>")
                .contains("<td class=\"name\">&lt;empty&gt;</td><td>0</td><td>0</td><td>n/a</td>")
                .containsOnlyOnce("class=\"weakest\"");
    }
}
