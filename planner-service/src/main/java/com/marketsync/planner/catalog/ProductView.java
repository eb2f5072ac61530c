package com.marketsync.planner.catalog;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import java.time.Instant;
import java.util.List;

/**
 * One product as {@code GET /api/products/{sku}} shows it: its fields, and per provider what the provider answered
 * (mapping) and per region the schedule state.
 *
 * @param sku the style code
 * @param name the product's name
 * @param brand the product's brand
 * @param tier its freshness tier
 * @param freshnessTarget the tier's freshness target as an ISO-8601 duration; null for FROZEN
 * @param stale whether any scheduled region's prices are missing or older than the target
 * @param createdAt when the product was added
 * @param updatedAt when its name, brand or tier last changed
 * @param providers one entry per configured provider
 */
record ProductView(
        String sku,
        String name,
        String brand,
        Tier tier,
        String freshnessTarget,
        boolean stale,
        Instant createdAt,
        Instant updatedAt,
        List<ProviderView> providers) {

    /**
     * What one provider knows of the product.
     *
     * @param provider the provider
     * @param status UNRESOLVED (not yet matched), VERIFIED or NOT_FOUND
     * @param providerProductId the provider's id of the product, once matched
     * @param notFoundSince first NOT_FOUND answer of the current unbroken run of them
     * @param archivedAt when the provider was archived for this product (no longer scheduled); null if it is not
     * @param regions the schedule of each region
     */
    record ProviderView(
            Provider provider,
            String status,
            String providerProductId,
            Instant notFoundSince,
            Instant archivedAt,
            List<RegionView> regions) {}

    /**
     * The schedule state of one provider × region.
     *
     * @param region our region code
     * @param scheduled whether the planner requests it on its own (false when FROZEN or archived)
     * @param lastSuccessAt when prices were last fetched
     * @param stale whether lastSuccessAt is missing or older than the tier's freshness target (never for FROZEN)
     * @param nextDueAt when it is due again
     * @param consecutiveFailures failures since the last success
     * @param inFlightRequestId the request currently out, if any
     * @param leaseExpiresAt when that request is given up and issued again
     * @param lastOutcomeStatus status of the last outcome (SUCCEEDED, NOT_FOUND, FAILED, ...)
     * @param lastOutcomeAt when the last outcome arrived
     * @param lastError error text of the last failed outcome
     */
    record RegionView(
            String region,
            boolean scheduled,
            Instant lastSuccessAt,
            boolean stale,
            Instant nextDueAt,
            int consecutiveFailures,
            String inFlightRequestId,
            Instant leaseExpiresAt,
            String lastOutcomeStatus,
            Instant lastOutcomeAt,
            String lastError) {}
}
