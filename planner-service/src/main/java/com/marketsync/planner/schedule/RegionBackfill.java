package com.marketsync.planner.schedule;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** At startup, gives every product rows for regions configured since the schedule was last built. */
@Component
class RegionBackfill implements ApplicationRunner {

    private final ScheduleRows rows;

    RegionBackfill(ScheduleRows rows) {
        this.rows = rows;
    }

    @Override
    public void run(ApplicationArguments args) {
        rows.addConfiguredRegions();
    }
}
