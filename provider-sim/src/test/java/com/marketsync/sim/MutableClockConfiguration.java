package com.marketsync.sim;

import com.marketsync.testkit.MovableClock;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the simulator's clock with a {@link MovableClock} starting at {@link #START}, for tests over real HTTP. */
@TestConfiguration(proxyBeanMethods = false)
public class MutableClockConfiguration {

    /** Where the clock starts: a multiple of the 5-minute price bucket, so "+4 minutes" stays in the same bucket. */
    public static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    @Bean
    @Primary
    MovableClock testClock() {
        return new MovableClock(START);
    }
}
