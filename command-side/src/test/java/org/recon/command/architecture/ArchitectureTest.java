package org.recon.command.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    /** Spring's adapters around the domain (wiring, REST, JDBC look-ups, projections), with their nested classes. */
    private static final List<String> ADAPTER_SUFFIXES = List.of("Configuration", "Controller", "Directory", "Projection",
            "Index");

    private static boolean isAdapter(JavaClass type) {
        JavaClass outermost = type;
        while (outermost.getEnclosingClass().isPresent()) {
            outermost = outermost.getEnclosingClass().get();
        }
        String name = outermost.getSimpleName();
        return ADAPTER_SUFFIXES.stream().anyMatch(name::endsWith) || name.contains("Spring") || name.contains("Rest")
                || name.contains("Store");
    }

    @Test
    void theDomainDoesNotDependOnSpring() {
        noClasses().that().resideInAnyPackage("org.recon.command.position..", "org.recon.command.exception..",
                        "org.recon.command.identity..")
                .and(DescribedPredicate.describe("are not Spring adapters", (JavaClass type) -> !isAdapter(type)))
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
