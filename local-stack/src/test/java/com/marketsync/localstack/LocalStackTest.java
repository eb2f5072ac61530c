package com.marketsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's handling of {@code --set} overrides. */
class LocalStackTest {

    @Test
    void anOverrideReplacesThePropertyOfTheSameKeyInsteadOfBeingJoinedToIt() {
        assertThat(LocalStack.overridden(
                        List.of("market.fetcher.budget.per-second=5", "spring.kafka.bootstrap-servers=x"),
                        List.of("market.fetcher.budget.per-second=1", "market.planner.scheduling=false")))
                .containsExactly(
                        "market.fetcher.budget.per-second=1",
                        "spring.kafka.bootstrap-servers=x",
                        "market.planner.scheduling=false");
    }
}
