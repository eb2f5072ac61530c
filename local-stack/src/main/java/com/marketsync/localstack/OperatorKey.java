package com.marketsync.localstack;

import com.marketsync.apikeys.ApiKeyDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The local stack's operator API key: random, made once per data directory and kept in {@code operator.key} there,
 * so it stays the same across restarts (and changes with {@code --fresh}). The planner and the writer only get its
 * SHA-256 hash.
 *
 * @param key the key to send as {@code X-API-Key}
 */
record OperatorKey(String key) {

    static final String FILE = "operator.key";

    /** Where the key lives in a data directory. */
    static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /** The key of {@code dataDir}, made and stored there first if it has none. */
    static OperatorKey loadOrCreate(Path dataDir) throws IOException {
        Path file = file(dataDir);
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!stored.isEmpty()) {
                return new OperatorKey(stored);
            }
        }
        Files.createDirectories(dataDir);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        OperatorKey created =
                new OperatorKey("ms_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        // written beside the target and moved into place, so a crash never leaves half a key behind; a temporary
        // file is readable by its owner only (rw------- on POSIX), and the key keeps that when moved
        Path temporary = Files.createTempFile(dataDir, FILE, ".tmp");
        try {
            Files.writeString(temporary, created.key() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return created;
    }

    /**
     * Lowercase hex SHA-256 of the key: what {@code market.planner.api.keys.<name>.hash} and
     * {@code market.writer.admin.keys.<name>.hash} expect.
     */
    String sha256Hex() {
        return ApiKeyDigests.sha256Hex(key);
    }

    /** The planner properties that make this key the planner's WRITE key named {@code operator}. */
    List<String> plannerProperties() {
        return List.of(
                "market.planner.api.keys.operator.hash=" + sha256Hex(), "market.planner.api.keys.operator.role=WRITE");
    }

    /** The writer properties that make this key the writer's admin key named {@code operator}. */
    List<String> writerProperties() {
        return List.of("market.writer.admin.keys.operator.hash=" + sha256Hex());
    }

    @Override
    public String toString() {
        return "OperatorKey[sha256=" + sha256Hex() + "]";
    }
}
