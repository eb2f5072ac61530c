package com.marketsync.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the production classes of every module against the architecture rules. */
class ArchitectureTest {

    private static final String ROOT = "com.marketsync";
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void servicesDoNotDependOnEachOther() {
        ArchitectureRules.servicesDoNotDependOnEachOther(ROOT).check(production);
    }

    @Test
    void repositoriesAreNotPublic() {
        ArchitectureRules.repositoriesAreNotPublic(ROOT).check(production);
    }

    @Test
    void providerResponsesStayInTheirPackage() {
        ArchitectureRules.providerResponsesStayInTheirPackage(ROOT).check(production);
    }

    @Test
    void schemasAreFrameworkFree() {
        ArchitectureRules.schemasAreFrameworkFree(ROOT).check(production);
    }

    @Test
    void fetcherCoreKnowsNoProvider() {
        ArchitectureRules.fetcherCoreKnowsNoProvider(ROOT).check(production);
    }

    @Test
    void rulesCatchViolations() {
        String fixtures = "com.marketsync.archfixture";
        JavaClasses violating = new ClassFileImporter().importPackages(fixtures);

        assertThatThrownBy(() -> ArchitectureRules.servicesDoNotDependOnEachOther(fixtures)
                        .check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("planner")
                .hasMessageContaining("writer");
        assertThatThrownBy(() ->
                        ArchitectureRules.repositoriesAreNotPublic(fixtures).check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LatestPriceRepository");
        assertThatThrownBy(() -> ArchitectureRules.providerResponsesStayInTheirPackage(fixtures)
                        .check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("WriterResponses");
    }
}
