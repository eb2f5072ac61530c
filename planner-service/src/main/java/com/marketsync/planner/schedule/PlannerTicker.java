package com.marketsync.planner.schedule;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs a planning tick every {@code market.planner.tick-interval} unless scheduling is switched off. With several
 * planner replicas, ShedLock lets one tick run at a time ({@link TickLock}); claiming keys with
 * {@code FOR UPDATE SKIP LOCKED} keeps even overlapping ticks from emitting a key twice.
 */
@Component
@ConditionalOnProperty(name = "market.planner.scheduling", havingValue = "true", matchIfMissing = true)
class PlannerTicker {

    private final DuePlanner planner;

    PlannerTicker(DuePlanner planner) {
        this.planner = planner;
    }

    @Scheduled(
            fixedDelayString = "#{@'market.planner-com.marketsync.planner.PlannerProperties'.tickInterval()}",
            initialDelayString = "1s")
    @SchedulerLock(name = "planner-tick", lockAtLeastFor = "1s")
    public void tick() {
        planner.tick();
    }
}
