package org.recon.query.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.axonframework.config.ProcessingGroup;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Controllers only translate; projections only display. */
class QuerySideArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.recon.query");

    @Test
    void controllersReachDataOnlyThroughServices() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().areAssignableTo(org.springframework.data.repository.Repository.class)
                .orShould().dependOnClassesThat().areAssignableTo(org.springframework.jdbc.core.JdbcOperations.class)
                .orShould().dependOnClassesThat().areAssignableTo(jakarta.persistence.EntityManager.class)
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Row")
                .check(CLASSES);
    }

    @Test
    void projectionsNeitherServeHttpNorSendCommands() {
        noClasses().that().areAnnotatedWith(ProcessingGroup.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.recon.query.web..")
                .orShould().dependOnClassesThat().resideInAnyPackage("org.axonframework.commandhandling..")
                .check(CLASSES);
    }
}
