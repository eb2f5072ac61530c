package com.marketsync.writer;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.Variant;
import com.marketsync.schemas.EventSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Builds realistic price snapshots for tests, with a snapshot id derived like the fetchers derive it. */
public final class TestSnapshots {

    static {
        // Builders deep-copy nested records and enums, which Avro allows only for trusted classes.
        EventSerde.trustEventClasses();
    }

    private TestSnapshots() {}

    /** A sku no other test uses, so tests sharing a broker and database never see each other's rows. */
    public static String uniqueSku(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** A StockX US snapshot of one variant with typical prices. */
    public static PriceSnapshot snapshot(String sku, String variantKey, Instant observedAt) {
        return snapshot(sku, variantKey, observedAt, builder -> {});
    }

    /** As {@link #snapshot(String, String, Instant)}, customised; the snapshot id follows the customised fields. */
    public static PriceSnapshot snapshot(
            String sku, String variantKey, Instant observedAt, Consumer<PriceSnapshot.Builder> customize) {
        PriceSnapshot.Builder builder = PriceSnapshot.newBuilder()
                .setSnapshotId("pending")
                .setRequestId("req-" + sku)
                .setProvider(Provider.STOCKX)
                .setSku(sku)
                .setProviderProductId("prod-" + sku)
                .setStyleCodeRaw(sku)
                .setVariant(Variant.newBuilder()
                        .setVariantKey(variantKey)
                        .setProviderVariantId("pv-" + variantKey)
                        .setSize("10.5")
                        .setSizeSystem(SizeSystem.US_M)
                        .setUsSize("10.5")
                        .setCondition(ProductCondition.NEW)
                        .setPackaging(PackagingCondition.GOOD)
                        .setFulfilment(Fulfilment.STANDARD)
                        .build())
                .setRegion("US")
                .setCurrency("USD")
                .setLowestAsk(money("180.00"))
                .setHighestBid(money("150.00"))
                .setLastSale(money("171.00"))
                .setLastSaleAt(observedAt.minusSeconds(3600))
                .setObservedAt(observedAt)
                .setFetchedAt(observedAt.plusMillis(250))
                .setWarnings(List.of());
        customize.accept(builder);
        PriceSnapshot snapshot = builder.build();
        if ("pending".equals(snapshot.getSnapshotId())) {
            snapshot.setSnapshotId(String.join(
                    "|",
                    snapshot.getProvider().name(),
                    snapshot.getSku(),
                    snapshot.getVariant().getVariantKey(),
                    snapshot.getRegion(),
                    snapshot.getObservedAt().toString()));
        }
        return snapshot;
    }

    public static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
