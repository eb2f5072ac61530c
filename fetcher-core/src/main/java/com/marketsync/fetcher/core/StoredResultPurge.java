package com.marketsync.fetcher.core;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/** Deletes stored request results once they are older than the configured keep time, once an hour. */
final class StoredResultPurge implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StoredResultPurge.class);

    private final FetchResultStore results;
    private final Duration keep;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stored-result-purge").daemon().factory());

    StoredResultPurge(FetchResultStore results, Duration keep, Clock clock) {
        this.results = results;
        this.keep = keep;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        timer.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    private void purge() {
        try {
            int purged = results.purge(clock.instant(), keep);
            log.info("Purged {} stored request results older than {}", purged, keep);
        } catch (RuntimeException e) {
            log.warn("Could not purge stored request results; trying again in an hour", e);
        }
    }
}
