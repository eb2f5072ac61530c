package com.marketsync.faults;

import static com.marketsync.faults.FaultTests.log;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * One record in a thousand is poison — bytes that are not a registry-framed Avro snapshot — among valid snapshots:
 * each must reach the dead-letter topic exactly once, after a single attempt, and must not cost a good record.
 */
class PoisonRecordsIT extends RunningWriterTest {

    private static final int KEYS = 5_000;
    private static final int OBSERVATIONS = 10;
    /** One poison record among every 1,000 records: 999 valid ones, then one at a random place among them. */
    private static final int VALID_PER_POISON = 999;

    /** How the writer logs a record it rejects: once per attempt to consume it. */
    private static final Pattern REJECTED =
            Pattern.compile("Rejecting price snapshot " + Pattern.quote(Topics.PRICE_SNAPSHOTS) + "-(\\d+)@(\\d+)");

    PoisonRecordsIT() {
        super("poison-records");
    }

    @Test
    void deadLettersEachPoisonRecordOnceAfterOneAttemptAndStoresEveryGoodRecord() {
        long seed = FaultTests.seed("PoisonRecordsIT");
        Random random = new Random(seed);
        SnapshotStream stream = SnapshotStream.generate(KEYS, OBSERVATIONS, 0.0, seed, FaultTests.firstObservation());

        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        List<byte[]> poison = new ArrayList<>();
        List<PriceSnapshot> valid = stream.snapshots();
        for (int from = 0; from < valid.size(); from += VALID_PER_POISON) {
            List<PriceSnapshot> block = valid.subList(from, Math.min(from + VALID_PER_POISON, valid.size()));
            int poisonAt = random.nextInt(block.size() + 1);
            for (int i = 0; i <= block.size(); i++) {
                if (i == poisonAt) {
                    byte[] bytes = poison(poison.size(), block.get(Math.min(i, block.size() - 1)));
                    poison.add(bytes);
                    records.add(new ProducerRecord<>(
                            Topics.PRICE_SNAPSHOTS,
                            block.get(random.nextInt(block.size())).getSku(),
                            bytes));
                }
                if (i < block.size()) {
                    PriceSnapshot snapshot = block.get(i);
                    records.add(
                            new ProducerRecord<>(Topics.PRICE_SNAPSHOTS, snapshot.getSku(), kafka.encode(snapshot)));
                }
            }
        }
        kafka.produceRaw(records);
        FaultTests.awaitCaughtUp(kafka, database, Duration.ofMinutes(3));

        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.rawRecords(Topics.deadLetter(Topics.PRICE_SNAPSHOTS));
        Map<ByteBuffer, Long> deadLettered = deadLetters.stream()
                .collect(Collectors.groupingBy(r -> ByteBuffer.wrap(r.value()), Collectors.counting()));
        long poisonMissing = poison.stream()
                .filter(p -> !deadLettered.containsKey(ByteBuffer.wrap(p)))
                .count();
        long poisonTwice = deadLettered.values().stream().filter(n -> n > 1).count();
        long withoutReason = deadLetters.stream()
                .filter(r -> !hasText(r.headers().lastHeader("kafka_dlt-exception-message")))
                .count();
        Map<String, Long> attempts = new HashMap<>();
        for (String line : writer.logLines("Rejecting price snapshot")) {
            Matcher rejected = REJECTED.matcher(line);
            if (rejected.find()) {
                attempts.merge(rejected.group(1) + "@" + rejected.group(2), 1L, Long::sum);
            }
        }
        long attemptedMoreThanOnce =
                attempts.values().stream().filter(n -> n > 1).count();

        Verdict verdict = Verdict.of(stream, database).withChangedAt(stream, database);
        log.info(
                "PoisonRecordsIT: {} records ({} valid, {} poison); dead-lettered {}, poison missing from the DLT {},"
                        + " dead-lettered more than once {}, without kafka_dlt-exception-message {}, rejected records"
                        + " {}, attempted more than once {}; {}",
                records.size(),
                valid.size(),
                poison.size(),
                deadLetters.size(),
                poisonMissing,
                poisonTwice,
                withoutReason,
                attempts.size(),
                attemptedMoreThanOnce,
                verdict.summary());

        assertThat(deadLetters).as("records on the DLT").hasSameSizeAs(poison);
        assertThat(poisonMissing).as("poison records missing from the DLT").isZero();
        assertThat(poisonTwice)
                .as("poison records dead-lettered more than once")
                .isZero();
        assertThat(withoutReason)
                .as("DLT records without kafka_dlt-exception-message")
                .isZero();
        assertThat(attempts).as("records rejected by the writer (its log)").hasSameSizeAs(poison);
        assertThat(attemptedMoreThanOnce)
                .as("poison records the writer attempted more than once")
                .isZero();
        assertThat(verdict.count("lost")).as(verdict.details()).isZero();
        assertThat(verdict.count("history rows")).as(verdict.details()).isEqualTo(valid.size());
        assertThat(verdict.count("duplicate history rows"))
                .as(verdict.details())
                .isZero();
        assertThat(verdict.count("latest rows differing from the oracle"))
                .as(verdict.details())
                .isZero();
    }

    /**
     * Poison of three kinds, each unique: text, a registry frame naming a schema that does not exist, and a valid
     * snapshot's frame cut off in the middle of its Avro body.
     */
    private byte[] poison(int index, PriceSnapshot neighbour) {
        return switch (index % 3) {
            case 0 -> ("{\"poison\": " + index + ", \"note\": \"JSON, not Avro\"}").getBytes(StandardCharsets.UTF_8);
            case 1 ->
                ByteBuffer.allocate(5 + 8)
                        .put((byte) 0)
                        .putInt(Integer.MAX_VALUE - index)
                        .putLong(index)
                        .array();
            default -> {
                byte[] whole = kafka.encode(neighbour);
                byte[] cut = Arrays.copyOf(whole, 5 + (whole.length - 5) / 2);
                // the cut is unique per poison record as long as neighbours differ; make sure of it
                cut[cut.length - 1] = (byte) index;
                yield cut;
            }
        };
    }

    private static boolean hasText(Header header) {
        return header != null && header.value() != null && header.value().length > 0;
    }
}
