package io.robustunit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class ScaffoldTest {

    @Test
    void thresholdsAreRoundedDownSoTheMeasuredModelPasses() {
        assertThat(Scaffold.thresholdBelow(0.6979)).isEqualTo(0.69);
        assertThat(Scaffold.thresholdBelow(0.70)).isEqualTo(0.70);
        assertThat(Scaffold.thresholdBelow(0.0049)).isEqualTo(0.0);
    }

    @Test
    void theTestClassIsNamedAfterTheModelFile() {
        assertThat(Scaffold.testClassName("my-model_v2.pt")).isEqualTo("MyModelV2RobustnessTest");
        assertThat(Scaffold.testClassName("3layers.pt")).isEqualTo("Model3layersRobustnessTest");
    }

    @Test
    void thePomImportsJunitsBomBeforeRobustUnitsAndPinsSurefire3() {
        String pom = Scaffold.pom("com.example", "fm");

        assertThat(pom).doesNotContain("null").contains("<artifactId>fm</artifactId>");
        assertThat(pom.indexOf("<artifactId>junit-bom</artifactId>"))
                .isPositive()
                .isLessThan(pom.indexOf("<artifactId>robustunit-bom</artifactId>"));
        assertThat(pom).contains("<artifactId>maven-surefire-plugin</artifactId>\n        <version>3.");
        assertThat(pom).contains("<junit.version>" + Scaffold.version("junit") + "</junit.version>");
    }

    @Test
    void theGateTestSaysWhereItsThresholdsCameFrom() {
        Scaffold.Gates g = new Scaffold.Gates(
                "m.pt",
                "models/m.pt",
                "data",
                100,
                new int[] {3, 32, 32},
                -1,
                1,
                100,
                "l2",
                0.5,
                "79/100 (0.790; 95% CI 0.697-0.865)",
                "19/100",
                0.69,
                0.11,
                "PGD(L2 eps=0.500)");

        String java = Scaffold.testClass("org.acme", "MRobustnessTest", g, "2026-01-01");

        assertThat(java)
                .contains(
                        "package org.acme;",
                        "class MRobustnessTest",
                        "measured 79/100 (0.790; 95% CI 0.697-0.865), gate at least 0.69",
                        "inputShape = {3, 32, 32}, min = -1.0f, max = 1.0f, classes = 100",
                        "@EvaluationData(resource = \"data\", limit = 100)",
                        "pgd(l2(0.5)).steps(20).seed(0))",
                        ".hasRobustAccuracyAtLeast(0.11);");
    }

    @Test
    void aShapeThatIsNotSizesIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> InitMojo.parseShape("1,28,abc"))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("robustunit.inputShape");
    }
}
