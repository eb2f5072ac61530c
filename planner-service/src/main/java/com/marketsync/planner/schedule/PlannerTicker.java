package com.marketsync.planner.schedule;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs a planning tick every {@code market.planner.tick-interval} unless scheduling is switched off. */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "market.planner.scheduling", havingValue = "true", matchIfMissing = true)
class PlannerTicker {

    private final DuePlanner planner;

    PlannerTicker(DuePlanner planner) {
        this.planner = planner;
    }

    @Scheduled(fixedDelayString = "${market.planner.tick-interval:30s}", initialDelayString = "1s")
    void tick() {
        planner.tick();
    }
}
