package com.marketsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;

/** The architecture rules, parameterised by root package so they can be shown to fail on fixtures. */
final class ArchitectureRules {

    /** Packages (below the root) that each hold exactly one deployable service. */
    static final List<String> SERVICES = List.of(
            "planner", "fetcher.stockx", "fetcher.alias", "fetcher.ebay", "writer", "sim", "alerts", "localstack");

    private ArchitectureRules() {}

    /** No service uses another service's classes; they talk only through topics. */
    static ArchRule servicesDoNotDependOnEachOther(String root) {
        return SlicesRuleDefinition.slices()
                .assignedFrom(new ServiceSlices(root))
                .should()
                .notDependOnEachOther()
                .allowEmptyShould(true);
    }

    /** Database access stays inside its service's feature package. */
    static ArchRule repositoriesAreNotPublic(String root) {
        return classes()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .haveSimpleNameEndingWith("Repository")
                .should()
                .notBePublic()
                .allowEmptyShould(true);
    }

    /** Records mirroring a provider's JSON ({@code *Responses} and their nested types) never leave their package. */
    static ArchRule providerResponsesStayInTheirPackage(String root) {
        return classes()
                .that(DescribedPredicate.describe(
                        "mirror a provider's JSON (*Responses)",
                        c -> c.getPackageName().startsWith(root + ".") && isResponses(c)))
                .should(onlyBeUsedInTheirOwnPackage())
                .allowEmptyShould(true);
    }

    /** The event contracts carry no framework. */
    static ArchRule schemasAreFrameworkFree(String root) {
        return noClasses()
                .that()
                .resideInAnyPackage(root + ".schemas..", root + ".events..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .allowEmptyShould(true);
    }

    /** The shared fetcher runtime knows no provider. */
    static ArchRule fetcherCoreKnowsNoProvider(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".fetcher.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(root + ".fetcher.stockx..", root + ".fetcher.alias..", root + ".fetcher.ebay..")
                .allowEmptyShould(true);
    }

    private static boolean isResponses(JavaClass javaClass) {
        return javaClass.getSimpleName().endsWith("Responses")
                || javaClass
                        .getEnclosingClass()
                        .map(ArchitectureRules::isResponses)
                        .orElse(false);
    }

    private static ArchCondition<JavaClass> onlyBeUsedInTheirOwnPackage() {
        return new ArchCondition<>("only be used in their own package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                item.getDirectDependenciesToSelf().stream()
                        .filter(d -> !d.getOriginClass().getPackageName().equals(item.getPackageName()))
                        .forEach(d -> events.add(SimpleConditionEvent.violated(d, d.getDescription())));
            }
        };
    }

    /** Assigns each class to the service whose package holds it. */
    private record ServiceSlices(String root) implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            for (String service : SERVICES) {
                String servicePackage = root + "." + service;
                if (pkg.equals(servicePackage) || pkg.startsWith(servicePackage + ".")) {
                    return SliceIdentifier.of(service);
                }
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "services below " + root;
        }
    }
}
