package io.robustunit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The framework's architecture as rules on its compiled classes (ArchUnit), checked in every build:
 * the layering, the one door to DJL's PyTorch internals, and the independence of the engine from the
 * tools its extensions adapt it to.
 *
 * <pre>
 * threat, random, io, engine -> data, model -> attack -> eval, cache, certify -> gate, baseline, validity, trades -> cli
 * </pre>
 *
 * <p>Benchmarks are not in the framework jar: they live in {@code extensions/benchmarks}, and a
 * {@code bench} package here would break {@link #everyPackageHasItsPlaceInTheLayering()}.
 */
class ArchitectureTest {

    /** Layer name -> its packages (below io.robustunit), lowest layer first. */
    static final Map<String, List<String>> LAYERS = new java.util.LinkedHashMap<>();

    static {
        LAYERS.put("Foundation", List.of("threat", "random", "io", "engine"));
        LAYERS.put("Data and models", List.of("data", "model"));
        LAYERS.put("Attacks", List.of("attack"));
        LAYERS.put("Evaluation", List.of("eval", "cache", "certify"));
        LAYERS.put("Verdicts and training", List.of("gate", "baseline", "validity", "trades"));
        LAYERS.put("Command line", List.of("cli"));
    }

    private static JavaClasses framework;

    @BeforeAll
    static void importFramework() {
        framework = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.robustunit");
        assertThat(framework).as("framework main classes").hasSizeGreaterThan(50);
    }

    @Test
    void layersUseOnlyTheLayersBelowThem() {
        var rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (var layer : LAYERS.entrySet()) {
            rule = rule.layer(layer.getKey()).definedBy(packages(layer.getValue()));
        }
        List<String> names = List.copyOf(LAYERS.keySet());
        for (int i = 0; i < names.size() - 1; i++) {
            rule = rule.whereLayer(names.get(i))
                    .mayOnlyBeAccessedByLayers(
                            names.subList(i + 1, names.size()).toArray(String[]::new));
        }
        rule.whereLayer(names.get(names.size() - 1))
                .mayNotBeAccessedByAnyLayer()
                .check(framework);
    }

    @Test
    void everyPackageHasItsPlaceInTheLayering() {
        String[] known = LAYERS.values().stream()
                .flatMap(List::stream)
                .map(p -> "io.robustunit." + p + "..")
                .toArray(String[]::new);
        classes()
                .should()
                .resideInAnyPackage(known)
                .because("a new package must be placed in the layering of ArchitectureTest.LAYERS")
                .check(framework);
    }

    @Test
    void everyPublicTypeDeclaresItsApiStatus() {
        classes()
                .that()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .and()
                .resideInAPackage("io.robustunit..")
                .should()
                .beAnnotatedWith(API.class)
                .because("@API(status = STABLE, EXPERIMENTAL or INTERNAL) tells users what they may rely on"
                        + " (INTERNAL: public only because another RobustUnit package needs it); a type users"
                        + " never touch is package-private")
                .check(framework);
    }

    @Test
    void onlyTheEngineAdapterTouchesDjlPyTorchInternals() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("io.robustunit.engine.PyTorchCalls")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl.pytorch..")
                .because("every ai.djl.pytorch call goes through io.robustunit.engine.PyTorchCalls")
                .check(framework);
    }

    @Test
    void onlyTheCommandLineParsesArguments() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.robustunit.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .because("picocli is the command line's parser; the engine takes typed settings")
                .check(framework);
    }

    @Test
    void theEngineKnowsNothingOfItsAdapters() {
        ArchRule rule = noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.junit..",
                        "org.assertj..",
                        "io.qameta.allure..",
                        "org.apache.spark..",
                        "org.apache.maven..",
                        "net.jqwik..")
                .because("framework/ is the engine; adapters to test, report and cluster tools live"
                        + " in extensions/");
        rule.check(framework);
    }

    @Test
    void enforcerRuleBansTestAndReportLibrariesOutsideTestScope() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<bannedDependencies>");
        for (String group : List.of("org.junit*", "org.assertj", "io.qameta.allure")) {
            assertThat(pom).contains("<exclude>" + group + ":*:*:*:compile</exclude>");
        }
    }

    private static String[] packages(List<String> names) {
        return names.stream().map(p -> "io.robustunit." + p + "..").toArray(String[]::new);
    }
}
