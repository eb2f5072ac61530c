package com.marketsync.writer.ingest;

import static com.marketsync.writer.TestSnapshots.money;
import static com.marketsync.writer.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.writer.WriterProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Checks which decoded snapshots are rejected as unstorable, and that the reason names the field. */
class SnapshotValidationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final SnapshotValidation validation = new SnapshotValidation(
            new WriterProperties(
                    new WriterProperties.Validation(money("100000000"), Duration.ofMinutes(5)),
                    new WriterProperties.History(WriterProperties.Expiry.DROP, 3, Duration.ofHours(1)),
                    2),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsCompleteSnapshotWithMissingOptionalPrices() {
        PriceSnapshot snapshot = snapshot(
                "SKU-1", "v1", NOW, b -> b.setHighestBid(null).setLastSale(null).setLastSaleAt(null));

        assertThat(validation.problem(snapshot)).isEmpty();
    }

    @Test
    void rejectsNullValue() {
        assertThat(validation.problem(null))
                .hasValueSatisfying(p -> assertThat(p).contains("null"));
    }

    @Test
    void rejectsBlankSku() {
        assertThat(problem(b -> b.setSku("  "))).contains("sku");
    }

    @Test
    void rejectsCurrencyThatIsNotThreeUpperCaseLetters() {
        assertThat(problem(b -> b.setCurrency("usd"))).contains("currency");
        assertThat(problem(b -> b.setCurrency("USDT"))).contains("currency");
    }

    @Test
    void rejectsMissingObservedAt() {
        PriceSnapshot snapshot = snapshot("SKU-1", "v1", NOW);
        // The generated setter rejects null; a hand-built record can still carry it.
        snapshot.put("observedAt", null);

        assertThat(validation.problem(snapshot))
                .hasValueSatisfying(p -> assertThat(p).contains("observedAt"));
    }

    @Test
    void rejectsBlankVariantKeyAndRegion() {
        assertThat(problem(b -> b.getVariantBuilder().setVariantKey(""))).contains("variantKey");
        assertThat(problem(b -> b.setRegion(""))).contains("region");
    }

    @Test
    void rejectsAmountsTheTableCannotHold() {
        assertThat(problem(b -> b.setLowestAsk(money("-1.00")))).contains("lowestAsk");
        assertThat(problem(b -> b.setSuggestedBeatUs(money("1000000000000.00"))))
                .contains("suggestedBeatUs");
        assertThat(problem(b -> b.setHighestBid(money("1.005")))).contains("highestBid");
    }

    @Test
    void rejectsAbsurdAmountsAndAcceptsTheConfiguredMaximum() {
        assertThat(problem(b -> b.setLowestAsk(money("100000000.01")))).contains("lowestAsk", "absurd", "max-amount");
        assertThat(problem(b -> b.setLastSale(money("999999999999.99")))).contains("lastSale", "absurd");

        PriceSnapshot largest = snapshot("SKU-1", "v1", NOW, b -> b.setLowestAsk(money("100000000.00")));
        assertThat(validation.problem(largest)).isEmpty();
    }

    @Test
    void rejectsCurrencyThatIsNotAnIsoCode() {
        assertThat(problem(b -> b.setCurrency("XYZ"))).contains("'XYZ'", "ISO 4217");
        assertThat(validation.problem(snapshot("SKU-1", "v1", NOW, b -> b.setCurrency("JPY"))))
                .isEmpty();
    }

    @Test
    void rejectsObservationsBeyondTheClockSkewTolerance() {
        assertThat(problem(b -> b.setObservedAt(NOW.plusSeconds(301)))).contains("observedAt", "future");
        assertThat(validation.problem(snapshot("SKU-1", "v1", NOW.plusSeconds(300))))
                .isEmpty();
    }

    @Test
    void rejectsTextPostgresCannotStore() {
        assertThat(problem(b -> b.setWarnings(List.of("bad\u0000byte")))).contains("NUL");
    }

    private String problem(Consumer<PriceSnapshot.Builder> customize) {
        // Builders validate nothing beyond nullability, so the invalid value survives to the check.
        PriceSnapshot snapshot = snapshot("SKU-1", "v1", NOW, customize);
        return validation.problem(snapshot).orElseThrow();
    }
}
