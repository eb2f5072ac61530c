package com.marketsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator key of the local stack: made once per data directory, reused on later starts. */
class OperatorKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void makesARandomKeyOnceAndReusesItOnLaterStarts() throws Exception {
        OperatorKey first = OperatorKey.loadOrCreate(dataDir);
        OperatorKey again = OperatorKey.loadOrCreate(dataDir);

        assertThat(first.key()).matches("ms_[A-Za-z0-9_-]{43}");
        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(dataDir.resolve("operator.key")).strip()).isEqualTo(first.key());
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("operator.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("no temporary file left").hasSize(1);
        }
    }

    @Test
    void eachDataDirectoryGetsItsOwnKey() throws Exception {
        OperatorKey one = OperatorKey.loadOrCreate(dataDir.resolve("one"));
        OperatorKey other = OperatorKey.loadOrCreate(dataDir.resolve("other"));

        assertThat(one.key()).isNotEqualTo(other.key());
    }

    @Test
    void keepsAKeyAnOperatorPutThere() throws Exception {
        Files.writeString(dataDir.resolve("operator.key"), "my-own-key\n");

        assertThat(OperatorKey.loadOrCreate(dataDir).key()).isEqualTo("my-own-key");
    }

    @Test
    void givesThePlannerAndTheWriterOnlyTheSha256OfTheKey() throws Exception {
        OperatorKey key = OperatorKey.loadOrCreate(dataDir);
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(key.key().getBytes(StandardCharsets.UTF_8)));

        assertThat(key.plannerProperties())
                .containsExactly(
                        "market.planner.api.keys.operator.hash=" + expected,
                        "market.planner.api.keys.operator.role=WRITE");
        assertThat(String.join(" ", key.plannerProperties())).doesNotContain(key.key());
        assertThat(key.writerProperties()).containsExactly("market.writer.admin.keys.operator.hash=" + expected);
        assertThat(key.toString()).doesNotContain(key.key());
    }
}
