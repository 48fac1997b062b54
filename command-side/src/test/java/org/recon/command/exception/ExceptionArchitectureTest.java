package org.recon.command.exception;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The domain of exceptions (aggregate, saga, policies) stays plain Java: Spring only at the edges. */
@AnalyzeClasses(packages = "org.recon.command.exception", importOptions = ImportOption.DoNotIncludeTests.class)
class ExceptionArchitectureTest {

    @ArchTest
    static final ArchRule domainIsFreeOfSpring = noClasses()
            .that().haveSimpleNameEndingWith("Policy")
            .or().haveSimpleNameStartingWith("ReconciliationException")
            .or().haveSimpleNameStartingWith("ExceptionSaga")
            .or().haveSimpleNameStartingWith("ExceptionRule")
            .or().haveSimpleName("Failures")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..");
}
