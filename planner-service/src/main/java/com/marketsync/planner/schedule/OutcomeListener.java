package com.marketsync.planner.schedule;

import com.marketsync.events.SyncOutcome;
import com.marketsync.schemas.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hears every fetcher's outcomes. Each is applied in its own transaction before its offset is committed, so a crash
 * only redelivers it, and a redelivered outcome no longer matches its key's lease and changes nothing.
 */
@Component
class OutcomeListener {

    private final OutcomeApplier applier;

    OutcomeListener(OutcomeApplier applier) {
        this.applier = applier;
    }

    @KafkaListener(
            id = "planner-outcomes",
            topics = Topics.SYNC_OUTCOMES,
            groupId = "${market.planner.outcomes-group:planner-service}")
    void onOutcome(SyncOutcome outcome) {
        applier.apply(outcome);
    }
}
