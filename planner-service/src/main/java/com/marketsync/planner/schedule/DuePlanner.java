package com.marketsync.planner.schedule;

import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import com.marketsync.planner.PlannerProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One planning tick: selects what is due per provider and region, most overdue first, emits a SyncRequest for each
 * and reschedules it.
 */
@Service
public class DuePlanner {

    private static final Logger log = LoggerFactory.getLogger(DuePlanner.class);

    private final SyncStateRepository schedule;
    private final SyncRunRepository runs;
    private final SyncRequestPublisher publisher;
    private final PlannerProperties properties;
    private final Clock clock;

    DuePlanner(
            SyncStateRepository schedule,
            SyncRunRepository runs,
            SyncRequestPublisher publisher,
            PlannerProperties properties,
            Clock clock) {
        this.schedule = schedule;
        this.runs = runs;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Runs one tick and returns how many requests it emitted. The schedule is only advanced when every request was
     * acknowledged by Kafka, so a failed publish leaves the work due for the next tick.
     */
    @Transactional
    public int tick() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long runId = runs.start(now);
        List<SyncRequest> requests = new ArrayList<>();
        properties.regions().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(provider -> schedule.findDue(
                                provider.getKey(), provider.getValue(), now, properties.maxRequestsPerTick())
                        .forEach(item -> requests.add(request(provider.getKey(), item, runId, now))));
        publisher.publish(requests);
        schedule.markRequested(requests, request -> now.plus(properties.intervalOf(request.getTier())));
        runs.finish(runId, clock.instant(), requests.size());
        log.info("Tick {} emitted {} requests", runId, requests.size());
        return requests.size();
    }

    private SyncRequest request(Provider provider, DueItem item, long runId, Instant now) {
        return SyncRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSku(item.sku())
                .setProvider(provider)
                .setRegion(item.region())
                // the fetcher knows its market's currency (StockX account, eBay site; Alias is always USD)
                .setCurrency(null)
                .setPriority(item.tier() == Tier.HOT ? Priority.HOT : Priority.BACKGROUND)
                .setTier(item.tier())
                .setReason(item.firstTime() ? "NEVER_SYNCED" : "DUE")
                .setRequestedAt(now)
                .setRequestedBy("planner-tick-" + runId)
                // once the product is due again a newer request exists; an older one is not worth a provider call
                .setNotAfter(now.plus(properties.intervalOf(item.tier())))
                .build();
    }

    /** A product x region whose prices are due. */
    record DueItem(String sku, Tier tier, String region, boolean firstTime) {}
}
