package com.marketsync.writer.replay;

import com.marketsync.events.Provider;
import com.marketsync.writer.changes.LatestPriceRepublisher;
import com.marketsync.writer.replay.SnapshotReplay.Progress;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints: replay the snapshot topic into the database, and republish the latest prices for a new
 * subscriber. Both are idempotent: replaying stored data changes nothing and publishes nothing.
 */
@RestController
@RequestMapping("/api/admin")
class AdminController {

    private final SnapshotReplay replay;
    private final LatestPriceRepublisher republisher;

    AdminController(SnapshotReplay replay, LatestPriceRepublisher republisher) {
        this.replay = replay;
        this.republisher = republisher;
    }

    /** Body {@code {"from":"<ISO-8601 instant>"}} or {@code {"from":"beginning"}}; answers 202 with the replay. */
    @PostMapping("/replays")
    ResponseEntity<Map<String, Object>> startReplay(@RequestBody(required = false) Map<String, Object> body) {
        Object from = body == null ? null : body.get("from");
        if (!(from instanceof String text) || text.isBlank()) {
            throw new BadField(
                    "from",
                    "'from' is required: an ISO-8601 instant such as 2026-11-01T00:00:00Z, or" + " \"beginning\"");
        }
        Progress started = replay.start(ReplayCommand.parseFrom(text.strip(), "from"));
        return ResponseEntity.accepted()
                .location(URI.create("/api/admin/replays/" + started.id()))
                .body(view(started));
    }

    @GetMapping("/replays/{id}")
    ResponseEntity<Map<String, Object>> replay(@PathVariable String id) {
        return replay.find(id)
                .map(progress -> ResponseEntity.ok(view(progress)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** Queues every latest price (of one provider, if given) for publishing to market.latest-prices. */
    @PostMapping("/latest-prices/republish")
    ResponseEntity<Map<String, Object>> republish(@RequestParam(required = false) String provider) {
        String chosen = null;
        if (provider != null && !provider.isBlank()) {
            try {
                chosen = Provider.valueOf(provider.strip().toUpperCase(Locale.ROOT))
                        .name();
            } catch (IllegalArgumentException e) {
                throw new BadField("provider", "'provider' must be one of " + Arrays.toString(Provider.values()));
            }
        }
        return ResponseEntity.accepted().body(Map.of("queued", republisher.republishAll(chosen)));
    }

    @ExceptionHandler(BadField.class)
    ProblemDetail badField(BadField e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("field", e.field());
        return problem;
    }

    static Map<String, Object> view(Progress progress) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("replayId", progress.id());
        view.put("status", progress.status());
        view.put("from", progress.from() == null ? "beginning" : progress.from().toString());
        view.put("consumerGroup", progress.group());
        view.put("startedAt", progress.startedAt().toString());
        view.put(
                "finishedAt",
                progress.finishedAt() == null ? null : progress.finishedAt().toString());
        view.put("recordsRead", progress.recordsRead());
        view.put("recordsSkipped", progress.recordsSkipped());
        view.put("newHistoryRows", progress.newHistoryRows());
        view.put("latestPricesChanged", progress.latestPricesChanged());
        view.put("error", progress.error());
        return view;
    }

    /** A request field with an unusable value. */
    static final class BadField extends RuntimeException {
        private final String field;

        BadField(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
