package io.robustunit.assertj;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the assertions declares what users may rely on, as the framework's do
 * ({@code ArchitectureTest.everyPublicTypeDeclaresItsApiStatus}); the list is in
 * {@code docs/api-status.md}.
 */
class ApiStatusTest {

    private static final JavaClasses ASSERTIONS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.robustunit.assertj");

    @Test
    void everyPublicTypeDeclaresItsApiStatus() {
        assertThat(ASSERTIONS).as("assertj main classes").hasSizeGreaterThan(10);
        classes()
                .that()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .and()
                .resideInAPackage("io.robustunit.assertj..")
                .should()
                .beAnnotatedWith(API.class)
                .because("@API(status = STABLE, EXPERIMENTAL or INTERNAL) tells users what they may rely on"
                        + " (INTERNAL: public only because another RobustUnit package needs it); a type users"
                        + " never touch is package-private")
                .check(ASSERTIONS);
    }
}
