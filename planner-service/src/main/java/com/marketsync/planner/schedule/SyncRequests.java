package com.marketsync.planner.schedule;

import com.marketsync.events.Priority;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import java.time.Instant;

/** Builds the SyncRequest of a leased key: the request's notAfter is its lease, so no call is spent after it. */
final class SyncRequests {

    private SyncRequests() {}

    static SyncRequest of(
            ScheduleRepository.Claim claim,
            Priority priority,
            String reason,
            String requestedBy,
            Instant now,
            Instant leaseUntil) {
        return SyncRequest.newBuilder()
                .setRequestId(claim.requestId())
                .setSku(claim.sku())
                .setProvider(claim.provider())
                .setRegion(claim.region())
                // the fetcher knows its market's currency (StockX account, eBay site; Alias is always USD)
                .setCurrency(null)
                .setPriority(priority)
                .setTier(claim.tier())
                .setReason(reason)
                .setRequestedAt(now)
                .setRequestedBy(requestedBy)
                .setNotAfter(leaseUntil)
                .build();
    }

    /** Background priority of a tier: HOT products have their own priority, the rest are background. */
    static Priority priorityOf(Tier tier) {
        return tier == Tier.HOT ? Priority.HOT : Priority.BACKGROUND;
    }
}
