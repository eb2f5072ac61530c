package com.marketsync.writer;

import static com.marketsync.writer.TestSnapshots.snapshot;
import static com.marketsync.writer.TestSnapshots.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A record the database refuses by a constraint goes to the dead-letter topic alone; its neighbours are stored. */
class ConstraintViolationIT extends WriterIntegrationSupport {

    private static final Instant T1 =
            Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(300);

    @BeforeEach
    void refuseMarkedSkus() {
        // a rule validation does not know: stands for any constraint a single record can break (NOT VALID: it holds
        // for rows written from now on, whatever other tests stored before)
        jdbc.sql("ALTER TABLE market.latest_prices ADD CONSTRAINT refused_sku CHECK (sku NOT LIKE 'REFUSED-%')"
                        + " NOT VALID")
                .update();
    }

    @AfterEach
    void dropRule() {
        jdbc.sql("ALTER TABLE market.latest_prices DROP CONSTRAINT refused_sku").update();
    }

    @Test
    void onlyTheRefusedRecordIsDeadLetteredAndTheOthersAreStored() {
        String before = uniqueSku("BEFORE");
        String refused = uniqueSku("REFUSED");
        String after = uniqueSku("AFTER");
        // sent together, so they usually arrive in one polled batch, which the database then refuses as a whole
        send(snapshot(before, "v1", T1), snapshot(refused, "v1", T1), snapshot(after, "v1", T1));

        eventually().untilAsserted(() -> {
            assertThat(latest(before)).hasSize(1);
            assertThat(latest(after)).hasSize(1);
        });
        assertThat(history(refused)).isEmpty();
        List<ConsumerRecord<String, byte[]>> dead = deadLetters(refused, 1);
        assertThat(dead).hasSize(1);
        Header reason = dead.getFirst().headers().lastHeader("kafka_dlt-exception-message");
        assertThat(new String(reason.value(), StandardCharsets.UTF_8))
                .contains("refused by the database", "refused_sku");
    }
}
