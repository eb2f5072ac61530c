package com.marketsync.writer.changes;

import com.marketsync.events.LatestPrice;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Publishes change events to the compacted {@code market.latest-prices} topic and returns once the broker acknowledged
 * every one of them. Called inside the database transaction that stores the changes, before its commit: a change is
 * committed only after its event was published, so a writer dying between the two publishes it again when the batch
 * is redelivered (at least once), and the row lock of a changed latest price, held until the commit, orders the events
 * of a key like the changes themselves.
 */
@Service
public class LatestPricePublisher {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, Object> kafka;

    LatestPricePublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Publishes the change each snapshot made to its latest price (a snapshot that inserted or changed it). */
    public void publishChanges(Collection<PriceSnapshot> changes) {
        publish(changes.stream().map(LatestPricePublisher::changedBy).toList());
    }

    /**
     * Publishes the events in order and waits for the broker to acknowledge all of them.
     *
     * @throws IllegalStateException if any is not acknowledged within 30 s
     */
    void publish(List<LatestPrice> events) {
        if (events.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        for (LatestPrice event : events) {
            sends.add(kafka.send(Topics.LATEST_PRICES, key(event), event));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing change events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Change events were not acknowledged", e);
        }
    }

    private static String key(LatestPrice event) {
        return Topics.latestPriceKey(
                event.getProvider(), event.getSku(), event.getVariant().getVariantKey(), event.getRegion());
    }

    /** The latest price a snapshot inserted or changed: its own values, changed at its observation. */
    private static LatestPrice changedBy(PriceSnapshot snapshot) {
        return LatestPrice.newBuilder()
                .setProvider(snapshot.getProvider())
                .setSku(snapshot.getSku())
                .setVariant(snapshot.getVariant())
                .setRegion(snapshot.getRegion())
                .setCurrency(snapshot.getCurrency())
                .setLowestAsk(snapshot.getLowestAsk())
                .setHighestBid(snapshot.getHighestBid())
                .setLastSale(snapshot.getLastSale())
                .setLastSaleAt(snapshot.getLastSaleAt())
                .setFlexLowestAsk(snapshot.getFlexLowestAsk())
                .setDirectLowestAsk(snapshot.getDirectLowestAsk())
                .setSuggestedSellFaster(snapshot.getSuggestedSellFaster())
                .setSuggestedEarnMore(snapshot.getSuggestedEarnMore())
                .setSuggestedBeatUs(snapshot.getSuggestedBeatUs())
                .setGlobalIndicatorPrice(snapshot.getGlobalIndicatorPrice())
                .setSalesCount(snapshot.getSalesCount())
                .setListingCount(snapshot.getListingCount())
                .setSnapshotId(snapshot.getSnapshotId())
                .setObservedAt(snapshot.getObservedAt())
                .setChangedAt(snapshot.getObservedAt())
                .build();
    }
}
