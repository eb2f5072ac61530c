package com.marketsync.writer;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The writer's shared beans: its clock (tests replace it) and scheduling for the history retention job. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class WriterConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Offsets are committed without waiting for the group coordinator's answer: a batch is stored before its offsets
     * are committed, and storing is idempotent, so a commit that fails or is lost only means records stored again. The
     * consumer thread no longer waits a round trip per batch, which at moderate rates is a large part of its cycle.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> asyncOffsetCommits() {
        return container -> container.getContainerProperties().setSyncCommits(false);
    }
}
