package com.marketsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's demo budgets and its handling of {@code --set} overrides. */
class LocalStackTest {

    private static final List<String> COMMON = List.of("spring.kafka.bootstrap-servers=x");

    @Test
    void anOverrideReplacesThePropertyOfTheSameKeyInsteadOfBeingJoinedToIt() {
        assertThat(LocalStack.overridden(
                        List.of("market.providers.stockx.budget.per-second=5", "spring.kafka.bootstrap-servers=x"),
                        List.of("market.providers.stockx.budget.per-second=1", "market.planner.scheduling=false")))
                .containsExactly(
                        "market.providers.stockx.budget.per-second=1",
                        "spring.kafka.bootstrap-servers=x",
                        "market.planner.scheduling=false");
    }

    @Test
    void theDemoBudgetOfEveryProviderGoesToItsFetchersAndToThePlanner() {
        List<String> demoBudget = List.of(
                "market.providers.stockx.budget.per-second=5",
                "market.providers.stockx.budget.per-day=1000000",
                "market.providers.alias.budget.per-second=5",
                "market.providers.alias.budget.per-day=1000000",
                "market.providers.ebay.budget.per-second=5",
                "market.providers.ebay.budget.per-day=1000000");

        assertThat(LocalStack.fetcherProperties(COMMON))
                .containsAll(COMMON)
                .containsAll(demoBudget)
                .noneMatch(property -> property.startsWith("market.fetcher.budget."));
        assertThat(LocalStack.plannerProperties(COMMON))
                .containsAll(COMMON)
                .containsAll(demoBudget)
                .contains("market.planner.demo-catalog=true");
    }

    @Test
    void aSetOverrideChangesTheDemoBudgetForThePlannerAndTheFetchersAlike() {
        List<String> overrides = List.of("market.providers.alias.budget.per-day=0");

        for (List<String> service :
                List.of(LocalStack.fetcherProperties(COMMON), LocalStack.plannerProperties(COMMON))) {
            assertThat(LocalStack.overridden(service, overrides))
                    .contains("market.providers.alias.budget.per-day=0", "market.providers.ebay.budget.per-day=1000000")
                    .doesNotContain("market.providers.alias.budget.per-day=1000000");
        }
    }
}
