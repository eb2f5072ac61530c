package com.marketsync.fetcher.core;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.SyncOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.AvroRuntimeException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remembers what each request produced (its snapshots and its one outcome) until long after it was published, so a
 * redelivered request (publish failed, fetcher killed before its offset commit) republishes the same events instead
 * of calling the provider again.
 */
final class FetchResultStore {

    private final JdbcTemplate jdbc;
    private final String schema;

    FetchResultStore(JdbcTemplate jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    /** A request's stored result. */
    record StoredResult(SyncOutcome outcome, List<PriceSnapshot> snapshots) {}

    /**
     * Stores a result unless one is stored already for the request; returns the stored one either way.
     *
     * @throws UnencodableResultException if an event cannot be encoded (it could not be published either)
     */
    StoredResult save(SyncOutcome outcome, List<PriceSnapshot> snapshots) {
        byte[] outcomeBytes = encode(outcome::toByteBuffer);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(all)) {
            out.writeInt(snapshots.size());
            for (PriceSnapshot snapshot : snapshots) {
                byte[] bytes = encode(snapshot::toByteBuffer);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int inserted = jdbc.update(
                "INSERT INTO " + schema + ".fetch_results (request_id, outcome, snapshots) VALUES (?, ?, ?)"
                        + " ON CONFLICT (request_id) DO NOTHING",
                outcome.getRequestId(),
                outcomeBytes,
                all.toByteArray());
        return inserted == 1
                ? new StoredResult(outcome, List.copyOf(snapshots))
                : find(outcome.getRequestId()).orElseThrow();
    }

    /** The result stored for a request, if any. */
    Optional<StoredResult> find(String requestId) {
        return jdbc
                .query(
                        "SELECT outcome, snapshots FROM " + schema + ".fetch_results WHERE request_id = ?",
                        (rs, row) -> new StoredResult(decodeOutcome(rs.getBytes(1)), decodeSnapshots(rs.getBytes(2))),
                        requestId)
                .stream()
                .findFirst();
    }

    /** Forgets results stored before {@code now - keep}; a redelivery that late is answered by a new fetch. */
    int purge(Instant now, Duration keep) {
        return jdbc.update(
                "DELETE FROM " + schema + ".fetch_results WHERE stored_at < ?", Timestamp.from(now.minus(keep)));
    }

    private static byte[] encode(Encoder encoder) {
        try {
            ByteBuffer buffer = encoder.encode();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | ClassCastException | IllegalArgumentException e) {
            throw new UnencodableResultException(e);
        }
    }

    private static SyncOutcome decodeOutcome(byte[] bytes) {
        try {
            return SyncOutcome.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<PriceSnapshot> decodeSnapshots(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int count = in.readInt();
            List<PriceSnapshot> snapshots = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] one = new byte[in.readInt()];
                in.readFully(one);
                snapshots.add(PriceSnapshot.fromByteBuffer(ByteBuffer.wrap(one)));
            }
            return snapshots;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Encoder {
        ByteBuffer encode() throws IOException;
    }

    /** An event of the result cannot be encoded in its schema, so it can never be published. */
    static final class UnencodableResultException extends RuntimeException {
        UnencodableResultException(Throwable cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }
}
