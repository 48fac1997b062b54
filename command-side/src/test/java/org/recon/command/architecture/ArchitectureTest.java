package org.recon.command.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The shape the guide asks for: decisions in plain Java, aggregates hidden in their package, messages Spring-free. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.recon.command", "org.recon.api");

    @Test
    void aggregatesArePackagePrivate() {
        classes().that().containAnyFieldsThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "annotated with @AggregateIdentifier", field -> field.isAnnotatedWith(AggregateIdentifier.class)))
                .should().notHaveModifier(JavaModifier.PUBLIC)
                .check(CLASSES);
    }

    @Test
    void theDomainDoesNotDependOnSpring() {
        noClasses().that().resideInAnyPackage("org.recon.command.position..", "org.recon.command.exception..",
                        "org.recon.command.identity..")
                .and().haveSimpleNameNotEndingWith("Configuration")
                .and().haveSimpleNameNotEndingWith("Controller")
                .and().haveSimpleNameNotEndingWith("Directory")
                .and().haveSimpleNameNotEndingWith("Projection")
                .and().haveSimpleNameNotContaining("Spring")
                .and().haveSimpleNameNotContaining("Rest")
                .and().haveSimpleNameNotContaining("Store")
                .and().haveSimpleNameNotEndingWith("Index")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(CLASSES);
    }

    @Test
    void messagesAreFrameworkFreeRecords() {
        noClasses().that().resideInAPackage("org.recon.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.recon.command..",
                        "org.recon.support..", "tools.jackson.databind..")
                .check(CLASSES);
    }
}
