package io.robustunit.assertj;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.assertj.core.api.AbstractAssert;
import org.junit.jupiter.api.Test;

/**
 * An assert's state arrives through its constructor ({@link AssertContext}) or its own chained
 * methods, never through fields another class writes: soft-assertion proxies are built by AssertJ,
 * and a field set after construction is easy to forget on one path.
 */
class AssertStateTest {

    private static final JavaClasses ASSERTIONS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.robustunit.assertj");

    @Test
    void assertsKeepTheirStatePrivate() {
        fields().that()
                .areDeclaredInClassesThat()
                .areAssignableTo(AbstractAssert.class)
                .and()
                .doNotHaveModifier(JavaModifier.STATIC)
                .should()
                .bePrivate()
                .check(ASSERTIONS);
    }

    @Test
    void theSoftCollectorIsFixedAtConstruction() {
        fields().that()
                .haveRawType(SoftRobustnessAssertions.class)
                .should()
                .beFinal()
                .andShould()
                .bePrivate()
                .check(ASSERTIONS);
    }
}
