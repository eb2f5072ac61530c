package com.marketsync.sim;

import com.marketsync.sim.TrafficStats.ProviderStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sim/stats}: API traffic per provider since the last reset, and the reset. */
@RestController
class SimStatsController {

    private final TrafficStats stats;
    private final CallLimits limits;

    SimStatsController(TrafficStats stats, CallLimits limits) {
        this.stats = stats;
        this.limits = limits;
    }

    @GetMapping("/sim/stats")
    Map<String, ProviderStats> stats() {
        Map<String, ProviderStats> body = new LinkedHashMap<>();
        stats.snapshot(limits).forEach((provider, figures) -> body.put(provider.name(), figures));
        return body;
    }

    @DeleteMapping("/sim/stats")
    ResponseEntity<Void> reset() {
        stats.reset();
        return ResponseEntity.noContent().build();
    }
}
