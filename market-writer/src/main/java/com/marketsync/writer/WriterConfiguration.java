package com.marketsync.writer;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The writer's shared beans: its clock (tests replace it) and scheduling for the history retention job. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class WriterConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
