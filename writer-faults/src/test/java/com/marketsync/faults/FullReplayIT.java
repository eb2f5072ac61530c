package com.marketsync.faults;

import static com.marketsync.faults.FaultTests.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marketsync.schemas.Topics;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A full replay of the snapshot topic over a database that already holds all of it — by the one-off replay command
 * and by the admin endpoint, while the writer keeps running — must change nothing: no history row, no latest row (not
 * even a timestamp), no change event.
 */
class FullReplayIT extends RunningWriterTest {

    private static final int KEYS = 2_000;
    private static final int OBSERVATIONS = 10;
    private static final double LATE_SHARE = 0.10;

    /** How the replay reports its end: {@code Replay <id> done: read N records, skipped N, N new history rows, ...}. */
    private static final Pattern DONE = Pattern.compile(
            "Replay \\S+ done: read (\\d+) records, skipped (\\d+), (\\d+) new history rows, (\\d+) latest prices");

    FullReplayIT() {
        super("full-replay");
    }

    @Test
    void replayingEverythingAlreadyStoredChangesNoRowAndPublishesNoEvent() {
        SnapshotStream stream = SnapshotStream.generate(
                KEYS, OBSERVATIONS, LATE_SHARE, FaultTests.seed("FullReplayIT"), FaultTests.firstObservation());
        kafka.produce(stream.snapshots());
        FaultTests.awaitCaughtUp(kafka, database, Duration.ofMinutes(3));
        Verdict stored = Verdict.of(stream, database);
        assertThat(stored.count("lost")).as(stored.details()).isZero();
        assertThat(stored.count("latest rows differing from the oracle"))
                .as(stored.details())
                .isZero();
        Stored before = Stored.now(database, kafka);

        Map<String, String> command = new HashMap<>(FaultTests.writerProperties(database, kafka, Map.of()));
        command.put("market.writer.command", "replay");
        command.put("market.writer.replay.from", "beginning");
        command.put("spring.main.web-application-type", "none");
        WriterProcess.Finished replay = WriterProcess.runCommand("full-replay-command", command, Duration.ofMinutes(3));
        Replayed byCommand = Replayed.fromLog(replay.logLines("Replay "));
        Stored afterCommand = Stored.now(database, kafka);
        log.info(
                "FullReplayIT: replay command exited {}: {}; {}",
                replay.exitCode(),
                byCommand,
                before.changesTo(afterCommand));

        assertThat(replay.exitCode())
                .as("exit code of the replay command; see %s", replay.log())
                .isZero();
        assertThat(byCommand.read()).as("snapshots the command replayed").isEqualTo(stream.size());
        assertThat(byCommand.newHistoryRows()).isZero();
        assertThat(byCommand.latestChanged()).isZero();
        before.assertUnchanged(afterCommand);

        JsonNode started = writer.call(
                HttpRequest.newBuilder(writer.url("/api/admin/replays"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"beginning\"}")),
                202);
        String id = started.get("replayId").asString();
        JsonNode finished = await("replay " + id + " DONE")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> writer.call(HttpRequest.newBuilder(writer.url("/api/admin/replays/" + id)), 200),
                        progress -> !"RUNNING".equals(progress.get("status").asString()));
        Stored afterEndpoint = Stored.now(database, kafka);
        log.info("FullReplayIT: replay endpoint: {}; {}", finished, before.changesTo(afterEndpoint));

        assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("DONE");
        assertThat(finished.get("recordsRead").asLong()).as(finished.toString()).isEqualTo(stream.size());
        assertThat(finished.get("recordsSkipped").asLong())
                .as(finished.toString())
                .isZero();
        assertThat(finished.get("newHistoryRows").asLong())
                .as(finished.toString())
                .isZero();
        assertThat(finished.get("latestPricesChanged").asLong())
                .as(finished.toString())
                .isZero();
        before.assertUnchanged(afterEndpoint);
    }

    /**
     * What the replay must leave as it was: both tables whole (every column, timestamps included) and the change
     * topic.
     */
    private record Stored(
            String history, String latestDigest, Map<SnapshotKey, Map<String, Object>> latest, long changeEvents) {

        static Stored now(WriterDatabase database, KafkaProbe kafka) {
            return new Stored(
                    database.digest("market.price_snapshots", "provider, sku, variant_key, region, observed_at"),
                    database.digest("market.latest_prices", "provider, sku, variant_key, region"),
                    database.latestPrices(),
                    kafka.records(Topics.LATEST_PRICES));
        }

        String changesTo(Stored after) {
            long rowsChanged = latest.entrySet().stream()
                    .filter(e -> !e.getValue().equals(after.latest.get(e.getKey())))
                    .count();
            return "history " + history + " → " + after.history + ", latest rows changed " + rowsChanged
                    + ", latest rows added " + (after.latest.size() - latest.size()) + ", new change events "
                    + (after.changeEvents - changeEvents);
        }

        void assertUnchanged(Stored after) {
            assertThat(after.history)
                    .as("history (row count and digest of all columns)")
                    .isEqualTo(history);
            assertThat(after.latest).as("every latest row, every column").isEqualTo(latest);
            assertThat(after.latestDigest).as("latest prices digest").isEqualTo(latestDigest);
            assertThat(after.changeEvents - changeEvents)
                    .as("new records on " + Topics.LATEST_PRICES)
                    .isZero();
        }
    }

    /** What a replay reported when done. */
    private record Replayed(long read, long skipped, long newHistoryRows, long latestChanged) {

        static Replayed fromLog(List<String> lines) {
            for (String line : lines) {
                Matcher done = DONE.matcher(line);
                if (done.find()) {
                    return new Replayed(
                            Long.parseLong(done.group(1)),
                            Long.parseLong(done.group(2)),
                            Long.parseLong(done.group(3)),
                            Long.parseLong(done.group(4)));
                }
            }
            throw new AssertionError("The replay command logged no 'Replay ... done' line: " + lines);
        }
    }
}
