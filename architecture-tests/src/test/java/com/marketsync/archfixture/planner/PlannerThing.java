package com.marketsync.archfixture.planner;

import com.marketsync.archfixture.writer.LatestPriceRepository;
import com.marketsync.archfixture.writer.WriterResponses;

/** Fixture: a planner class that wrongly reaches into the writer service. */
public class PlannerThing {

    int rows() {
        return new LatestPriceRepository().count() + WriterResponses.Row.ONE.size();
    }
}
