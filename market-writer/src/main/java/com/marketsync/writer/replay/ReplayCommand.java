package com.marketsync.writer.replay;

import com.marketsync.writer.changes.LatestPriceRepublisher;
import com.marketsync.writer.replay.AdminController.BadField;
import com.marketsync.writer.replay.SnapshotReplay.Progress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The writer run as a one-off command instead of a service ({@code --market.writer.command=...}, see
 * {@code scripts/replay-snapshots} and {@code scripts/republish-latest-prices}):
 *
 * <ul>
 *   <li>{@code replay} with {@code --market.writer.replay.from=<ISO-8601 instant>|beginning}: replays the snapshot
 *       topic into the configured database and exits (every change event it caused is published by then);
 *   <li>{@code republish-latest-prices} (optionally {@code --market.writer.republish.provider=STOCKX}): publishes every
 *       latest price to {@code market.latest-prices} again and exits once all are acknowledged.
 * </ul>
 *
 * The exit code is 0 on success, 1 on failure.
 */
@Component
@ConditionalOnProperty("market.writer.command")
class ReplayCommand implements ApplicationRunner, ExitCodeGenerator {

    private final SnapshotReplay replay;
    private final LatestPriceRepublisher republisher;
    private int exitCode;

    ReplayCommand(SnapshotReplay replay, LatestPriceRepublisher republisher) {
        this.replay = replay;
        this.republisher = republisher;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        String command = single(args, "market.writer.command");
        switch (command) {
            case "replay" -> {
                Instant from = parseFrom(single(args, "market.writer.replay.from"), "market.writer.replay.from");
                Progress done = replay.runNow(from);
                exitCode = done.error() == null ? 0 : 1;
            }
            case "republish-latest-prices" -> {
                String provider = args.containsOption("market.writer.republish.provider")
                        ? single(args, "market.writer.republish.provider").toUpperCase(Locale.ROOT)
                        : null;
                republisher.republishAll(provider);
            }
            default ->
                throw new IllegalArgumentException(
                        "market.writer.command must be replay or" + " republish-latest-prices, was " + command);
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    /** An ISO-8601 instant, or {@code beginning} (null: the start of the topic). */
    static Instant parseFrom(String text, String field) {
        if ("beginning".equalsIgnoreCase(text)) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadField(
                    field,
                    "'" + field + "' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z, or"
                            + " \"beginning\"; was '" + text + "'");
        }
    }

    private static String single(ApplicationArguments args, String name) {
        if (!args.containsOption(name) || args.getOptionValues(name).size() != 1) {
            throw new IllegalArgumentException("--" + name + "=... is required exactly once");
        }
        return args.getOptionValues(name).getFirst().strip();
    }
}
