package com.marketsync.fetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shared budget on a real PostgreSQL: limits hold across replicas, the priority lane keeps its share. */
class CallBudgetIT {

    private final TestDatabase db = TestDatabase.fresh("call_budget");
    private final Clock clock = Clock.systemUTC();

    @Test
    void threeReplicasTakingAsFastAsTheyCanNeverExceedThePerSecondLimitAndUseIt() {
        int limit = 5;
        Duration run = Duration.ofSeconds(3);
        List<CallBudget> replicas = IntStream.range(0, 3)
                .mapToObj(i -> db.budget(TestDatabase.limits(limit, null, null)))
                .toList();
        Instant end = clock.instant().plus(run);

        CompletableFuture.allOf(replicas.stream()
                        .map(replica -> CompletableFuture.runAsync(() -> {
                            while (clock.instant().isBefore(end)) {
                                try {
                                    replica.takeWaiting("acct", Lane.NORMAL, end, null, clock);
                                } catch (CallRefusedException pastTheEnd) {
                                    return;
                                }
                            }
                        }))
                        .toArray(CompletableFuture[]::new))
                .join();

        List<Instant> calls = grantedCalls("acct");
        assertThat(maxInAnyWindow(calls, Duration.ofSeconds(1))).isLessThanOrEqualTo(limit);
        // A budget that binds but is used: at least 90% of limit × seconds (the margin costs about 2%).
        assertThat(calls.size()).isGreaterThanOrEqualTo((int) (0.9 * limit * run.toSeconds()));
    }

    @Test
    void theNormalLaneLeavesThePriorityShareOfTheHourlyLimit() {
        CallBudget budget = db.budget(TestDatabase.limits(null, 10, null));

        int normal = takeAll(budget, Lane.NORMAL);
        int priority = takeAll(budget, Lane.PRIORITY);

        assertThat(normal).isEqualTo(8);
        assertThat(priority).isEqualTo(2);
        assertThat(budget.tryTake("acct", Lane.NORMAL)).isInstanceOf(CallBudget.Grant.Wait.class);
    }

    @Test
    void aWaitingPriorityRequestMakesEveryReplicasNormalLaneYield() {
        CallBudget one = db.budget(TestDatabase.limits(1, null, null));
        CallBudget other = db.budget(TestDatabase.limits(1, null, null));
        assertThat(one.tryTake("acct", Lane.NORMAL)).isInstanceOf(CallBudget.Grant.Granted.class);

        CallBudget.Grant priority = one.tryTake("acct", Lane.PRIORITY);
        assertThat(priority).isInstanceOf(CallBudget.Grant.Wait.class);
        Instant tokenFree = ((CallBudget.Grant.Wait) priority).until();

        // Even once the token is free again, the other replica's normal lane leaves it to the priority request.
        CallBudget.Grant normal = waitUntilThenTake(other, tokenFree, Lane.NORMAL);
        assertThat(normal).isInstanceOf(CallBudget.Grant.Wait.class);
        assertThat(((CallBudget.Grant.Wait) normal).reason()).contains("priority");
        assertThat(one.tryTake("acct", Lane.PRIORITY)).isInstanceOf(CallBudget.Grant.Granted.class);
    }

    @Test
    void aPausedProviderGrantsNothingToAnyLaneUntilThePauseEnds() {
        CallBudget budget = db.budget(TestDatabase.limits(null, null, null));
        Instant until = clock.instant().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        budget.pause(until, "429");

        for (Lane lane : Lane.values()) {
            assertThat(budget.tryTake("acct", lane))
                    .isEqualTo(new CallBudget.Grant.Wait(until, "STOCKX paused after a rate-limit answer"));
        }
        assertThat(budget.pausedUntil()).isEqualTo(until);
        assertThat(waitUntilThenTake(budget, until, Lane.NORMAL)).isInstanceOf(CallBudget.Grant.Granted.class);
    }

    @Test
    void anExpiredRequestIsRefusedWithoutSpendingAToken() {
        CallBudget budget = db.budget(TestDatabase.limits(null, null, null));

        assertThatThrownBy(() -> budget.takeWaiting(
                        "acct",
                        Lane.NORMAL,
                        clock.instant().plusSeconds(5),
                        clock.instant().minusMillis(1),
                        clock))
                .isInstanceOf(CallRefusedException.class)
                .satisfies(e -> assertThat(((CallRefusedException) e).retryAt()).isNull());
        assertThat(grantedCalls("acct")).isEmpty();
    }

    @Test
    void credentialsHaveBudgetsOfTheirOwn() {
        CallBudget budget = db.budget(TestDatabase.limits(null, 1, null));

        assertThat(budget.tryTake("us", Lane.PRIORITY)).isInstanceOf(CallBudget.Grant.Granted.class);
        assertThat(budget.tryTake("gb", Lane.PRIORITY)).isInstanceOf(CallBudget.Grant.Granted.class);
        assertThat(budget.tryTake("us", Lane.PRIORITY)).isInstanceOf(CallBudget.Grant.Wait.class);
    }

    @Test
    void aGrantThatWaitedForAnotherReplicaIsTimedFromWhenItGotTheLock() throws Exception {
        CallBudget budget = db.budget(TestDatabase.limits(1, null, null));
        db.jdbc().update("INSERT INTO test_fetcher.budget_credentials (credential) VALUES ('acct')");
        Instant released;
        CompletableFuture<CallBudget.Grant> grant;
        try (Connection otherReplica = db.dataSource().getConnection()) {
            otherReplica.setAutoCommit(false);
            query(otherReplica, "SELECT 1 FROM test_fetcher.budget_credentials WHERE credential = 'acct' FOR UPDATE");
            grant = CompletableFuture.supplyAsync(() -> budget.tryTake("acct", Lane.NORMAL));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> db.jdbc()
                                    .queryForObject(
                                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                                    + " AND query LIKE '%budget_credentials%'",
                                            Integer.class)
                            == 1);
            released = query(otherReplica, "SELECT clock_timestamp()")
                    .getTimestamp(1)
                    .toInstant();
            otherReplica.commit();
        }

        assertThat(grant.get(10, TimeUnit.SECONDS)).isInstanceOf(CallBudget.Grant.Granted.class);
        // Counted at the time the call could first be made, not when it began to wait: the next replica's grant
        // counts its window from there.
        assertThat(grantedCalls("acct")).singleElement().satisfies(calledAt -> assertThat(calledAt)
                .isAfterOrEqualTo(released));
    }

    private static ResultSet query(Connection connection, String sql) throws SQLException {
        ResultSet rs = connection.createStatement().executeQuery(sql);
        rs.next();
        return rs;
    }

    private int takeAll(CallBudget budget, Lane lane) {
        int granted = 0;
        while (budget.tryTake("acct", lane) instanceof CallBudget.Grant.Granted) {
            granted++;
        }
        return granted;
    }

    /** Takes a token once {@code when} has passed on the clock. */
    private CallBudget.Grant waitUntilThenTake(CallBudget budget, Instant when, Lane lane) {
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.instant().isAfter(when));
        return budget.tryTake("acct", lane);
    }

    private List<Instant> grantedCalls(String credential) {
        return new ArrayList<>(db.jdbc()
                .query(
                        "SELECT called_at FROM test_fetcher.budget_calls WHERE credential = ? ORDER BY called_at",
                        (rs, row) -> rs.getTimestamp(1).toInstant(),
                        credential));
    }

    /** The most calls whose times lie within a span shorter than {@code window}. */
    static int maxInAnyWindow(List<Instant> sortedCalls, Duration window) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < sortedCalls.size(); end++) {
            while (Duration.between(sortedCalls.get(start), sortedCalls.get(end))
                            .compareTo(window)
                    >= 0) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
