package com.marketsync.planner.capacity;

import com.marketsync.events.Provider;
import com.marketsync.planner.web.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/capacity}: each provider's needed calls against its budget, and which tiers fall short. */
@RestController
class CapacityController {

    private final CapacityReport report;

    CapacityController(CapacityReport report) {
        this.report = report;
    }

    /** Every provider, or only {@code provider} (any case) when given. */
    @GetMapping("/api/capacity")
    CapacityReport.Result capacity(@RequestParam(name = "provider", required = false) String provider) {
        return report.of(provider == null ? List.of(Provider.values()) : List.of(parse(provider)));
    }

    private static Provider parse(String provider) {
        try {
            return Provider.valueOf(provider.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "provider", "unknown provider '" + provider + "'; one of " + Arrays.toString(Provider.values()));
        }
    }
}
