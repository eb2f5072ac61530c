package com.marketsync.sim;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Provides the clock that drives token expiry, rate windows and price drift, so tests can replace it. */
@Configuration(proxyBeanMethods = false)
class SimClockConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
