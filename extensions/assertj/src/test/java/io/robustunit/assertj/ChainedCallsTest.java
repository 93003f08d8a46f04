package io.robustunit.assertj;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.assertj.core.api.Assert;
import org.assertj.core.util.CheckReturnValue;
import org.junit.jupiter.api.Test;

/**
 * A chained call that only configures or evaluates ({@code assertThat(model).on(test).underAttack(pgd);})
 * asserts nothing. Like AssertJ's own, every such method carries {@link CheckReturnValue}, so
 * Error Prone, SpotBugs and IDEs flag a statement that drops its result; only gates ({@code has...},
 * {@code is...}) may be the end of a statement.
 */
class ChainedCallsTest {

    private static final JavaClasses ASSERTIONS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.robustunit.assertj");

    @Test
    void everyCallThatReturnsAnAssertButIsNoGateMustHaveItsResultUsed() {
        methods()
                .that()
                .arePublic()
                .and()
                .areDeclaredInClassesThat()
                .resideInAPackage("io.robustunit.assertj")
                .should(beAnnotatedWithCheckReturnValueUnlessAGate())
                .check(ASSERTIONS);
    }

    private static ArchCondition<JavaMethod> beAnnotatedWithCheckReturnValueUnlessAGate() {
        return new ArchCondition<>("carry @CheckReturnValue when they return an assert and are no gate") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean returnsAssert = method.getRawReturnType().isAssignableTo(Assert.class);
                boolean gate = method.getName().startsWith("has")
                        || method.getName().startsWith("is")
                        || method.getOwner().getSimpleName().endsWith("Gate"); // e.g. .atL2Radius(0.25)
                boolean synthetic = method.getModifiers().contains(JavaModifier.SYNTHETIC)
                        || method.getModifiers().contains(JavaModifier.BRIDGE);
                if (returnsAssert && !gate && !synthetic && !method.isAnnotatedWith(CheckReturnValue.class)) {
                    events.add(SimpleConditionEvent.violated(
                            method, method.getFullName() + " returns an assert without @CheckReturnValue"));
                }
            }
        };
    }
}
