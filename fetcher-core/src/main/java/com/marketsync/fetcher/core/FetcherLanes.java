package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import com.marketsync.schemas.Topics;
import java.util.Locale;

/** The request topics and consumer group of the provider this application fetches for. */
public record FetcherLanes(Provider provider) {

    /** Consumer group and listener id of the normal lane, e.g. {@code stockx-fetcher}. */
    public String groupId() {
        return provider.name().toLowerCase(Locale.ROOT) + "-fetcher";
    }

    /**
     * Consumer group and listener id of the priority lane, e.g. {@code stockx-fetcher-priority}: a group of its own,
     * so a rebalance of the normal lane never holds up a manual request.
     */
    public String priorityGroupId() {
        return groupId() + "-priority";
    }

    /** The manual / on-demand lane. */
    public String priorityTopic() {
        return Topics.syncRequestsPriority(provider);
    }

    /** The scheduled lane. */
    public String normalTopic() {
        return Topics.syncRequests(provider);
    }
}
